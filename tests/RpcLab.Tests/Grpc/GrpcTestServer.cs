using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using RpcLab.Measurement.Load;
using RpcLab.Tests.Grpc.Fakes;
using RpcLab.Tests.Infrastructure;
using RpcLab.Transports.Grpc;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Transports.Grpc.Server;
using RpcLab.Transports.Hosting;

namespace RpcLab.Tests.Grpc;

/// <summary>
/// A gRPC server on port 0 over fake services (a <see cref="TestServer"/> whose services are
/// <see cref="FakeServices"/>), our client connected to it, and a raw HTTP/2 client for requests no gRPC client would send.
/// Dispose with await using; everything it started is stopped.
/// </summary>
internal sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly TestServer _server;

    private GrpcTestServer(TestServer server, FakeServices fakes)
    {
        _server = server;
        Fakes = fakes;
        Raw = new HttpClient
        {
            BaseAddress = new Uri($"http://{server.Host}:{server.Port}"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public FakeServices Fakes { get; }

    public GrpcServer Server => (GrpcServer)_server.Server;

    public GrpcClient Client => (GrpcClient)_server.Client;

    /// <summary>Plain HttpClient speaking HTTP/2 with prior knowledge, for hand-made requests.</summary>
    public HttpClient Raw { get; }

    public static async Task<GrpcTestServer> StartAsync(ServerOptions? serverOptions = null, ClientOptions? clientOptions = null)
    {
        var fakes = new FakeServices();
        var server = await TestServer.StartAsync(new GrpcTransport(), new TestServerOptions
        {
            Decorate = _ => fakes.ToServiceSet(),
            Server = serverOptions ?? new ServerOptions(),
            Client = clientOptions ?? new ClientOptions(),
        });
        return new GrpcTestServer(server, fakes);
    }

    /// <summary>The calls logged once one matching <paramref name="match"/> is among them (see <see cref="TestServer.WaitForCallsAsync"/>).</summary>
    public Task<CallRecord[]> WaitForLoggedCallAsync(Func<CallRecord, bool> match) => _server.WaitForCallsAsync(match);

    /// <summary>A hand-made gRPC request: the given body bytes, with content-type application/grpc unless told otherwise.</summary>
    public static HttpRequestMessage RawRequest(string path, byte[] body, string contentType = "application/grpc")
    {
        // A hand-made request message does not take HttpClient's default version: ask for HTTP/2 explicitly.
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        return request;
    }

    /// <summary>Sends a hand-made request on <see cref="Raw"/>.</summary>
    public Task<RawGrpcResponse> SendRawAsync(string path, byte[] body, string contentType = "application/grpc", Action<HttpRequestMessage>? configure = null)
    {
        var request = RawRequest(path, body, contentType);
        configure?.Invoke(request);
        return RawGrpcResponse.SendAsync(Raw, request);
    }

    /// <summary>
    /// <paramref name="message"/> as one length-prefixed message (flag 0, 4-byte big-endian length, the protobuf
    /// bytes), as a hand-made request body needs it and a raw response body is compared against.
    /// </summary>
    public static byte[] Frame(IMessage message) => H2LoadComparison.LengthPrefixed(message);

    public ValueTask DisposeAsync()
    {
        Raw.Dispose();
        return _server.DisposeAsync();
    }
}
