using System.Text;
using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Grpc.Rest;

/// <summary>
/// The wire tap (<see cref="ClientOptions.WireTap"/>) for REST: the HTTP/1.1 request of each call and its response,
/// as text (request line or status line, headers, blank line, JSON body). Only in the handler chain when a tap is
/// set. The bodies are small JSON documents, read whole here and handed on unchanged. Thread-safe.
/// </summary>
internal sealed class RestWireTapHandler(Action<WireDirection, ReadOnlyMemory<byte>> tap) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = new StringBuilder().Append($"{request.Method} {request.RequestUri?.PathAndQuery} HTTP/1.1\r\n");
        var requestBody = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        AppendHeaders(sent, request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()));
        tap(WireDirection.Sent, Encoding.UTF8.GetBytes(sent.Append("\r\n").Append(requestBody).ToString()));

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var received = new StringBuilder().Append($"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n");
        AppendHeaders(received, response.Headers.Concat(response.Content.Headers));
        tap(WireDirection.Received, Encoding.UTF8.GetBytes(received.Append("\r\n").ToString()).Concat(body).ToArray());

        // The body was read to show it; the caller reads the same bytes.
        var replay = new ByteArrayContent(body);
        foreach (var header in response.Content.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = replay;
        return response;
    }

    private static void AppendHeaders(StringBuilder text, IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
    {
        foreach (var (name, values) in headers)
        {
            text.Append($"{name}: {string.Join(", ", values)}\r\n");
        }
    }
}
