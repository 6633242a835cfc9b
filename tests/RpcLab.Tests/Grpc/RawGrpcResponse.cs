using System.Net;

namespace RpcLab.Tests.Grpc;

/// <summary>What a hand-made request got back, header and trailer status kept apart (to tell trailers-only from normal).</summary>
internal sealed record RawGrpcResponse(
    HttpStatusCode Http,
    string? ContentType,
    string? HeaderStatus,
    string? HeaderMessage,
    string? TrailerStatus,
    string? TrailerMessage,
    string? AcceptEncoding,
    byte[] Body)
{
    /// <summary>The status wherever it was sent.</summary>
    public string? Status => HeaderStatus ?? TrailerStatus;

    public string? Message => HeaderMessage ?? TrailerMessage;

    public static async Task<RawGrpcResponse> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RawGrpcResponse(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            First(response.Headers, "grpc-status"),
            First(response.Headers, "grpc-message"),
            First(response.TrailingHeaders, "grpc-status"),
            First(response.TrailingHeaders, "grpc-message"),
            First(response.Headers, "grpc-accept-encoding"),
            body);
    }

    private static string? First(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.First() : null;
}
