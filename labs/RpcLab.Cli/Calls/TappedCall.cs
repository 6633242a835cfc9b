using RpcLab.Services;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;
using RpcLab.Wire.Capture;
using RpcLab.Wire.Render;

namespace RpcLab.Cli.Calls;

/// <summary>
/// One call made through a <see cref="WireTap"/>: against a server started here (port 0, a temporary data folder,
/// both gone afterwards) or one already running at a given address, ours or anyone's. The client connects to the
/// tap, never to the server, so every byte it exchanges is captured; the call's outcome is kept beside the
/// capture, since a failed call's bytes are as worth seeing as a good one's. Stateless and thread-safe.
/// </summary>
public static class TappedCall
{
    /// <summary>How long to wait, after the client is gone, for its connections to close (the last frames of a goodbye).</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <param name="transport">The transport whose client makes the call (and whose server is started when <paramref name="port"/> is null).</param>
    /// <param name="methodName">service.method, or for gRPC package.Service/Method with JSON requests.</param>
    /// <param name="words">The call's arguments as on the command line.</param>
    /// <param name="host">The running server's address (with <paramref name="port"/>).</param>
    /// <param name="port">The running server's port, or null to start one here.</param>
    /// <param name="defaults">The call's options (its deadline).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <exception cref="UsageException">The method or its arguments are wrong (nothing was sent).</exception>
    public static async Task<WireCall> RunAsync(IRpcTransport transport, string methodName, IReadOnlyList<string> words, string host, int? port, CallOptions defaults, CancellationToken cancellationToken)
    {
        // Read the command line before anything starts, so a typo costs no server.
        var call = NativeNameCall.IsNativeName(methodName) ? null : ArgumentConverter.Prepare(MethodNames.Resolve(methodName), words);
        var data = port is null ? Directory.CreateTempSubdirectory("rpclab-wire-") : null;
        ServiceHost? services = null;
        IRpcServer? server = null;
        try
        {
            string upstream;
            if (data is not null)
            {
                services = ServiceHost.Create(new ServiceOptions { DataDirectory = data.FullName });
                server = await transport.StartServerAsync(services.Services, new ServerOptions { Host = "127.0.0.1", Port = 0 }, cancellationToken).ConfigureAwait(false);
                (host, port) = (server.Host, server.Port);
                upstream = $"{host}:{port} (started here, data in a temporary folder)";
            }
            else
            {
                upstream = $"{host}:{port}";
            }

            await using var tap = WireTap.Start(host, port!.Value);
            var (result, status, error) = await CallAsync(transport, new ClientOptions { Host = tap.Host, Port = tap.Port, DefaultCall = defaults }, methodName, words, call, cancellationToken).ConfigureAwait(false);
            await tap.WhenConnectionsEndAsync(Drain, cancellationToken).ConfigureAwait(false);
            if (tap.UpstreamError is { } unreachable)
            {
                (result, status, error) = (null, RpcStatusCode.Unavailable, $"{RpcStatusCode.Unavailable}: {unreachable}");
            }

            return new WireCall(methodName, upstream, $"{tap.Host}:{tap.Port}", tap.Transcript(transport.Name), result, status, error);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            if (services is not null)
            {
                await services.DisposeAsync().ConfigureAwait(false);
            }

            try
            {
                data?.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temporary folder is the OS's to clean.
            }
        }
    }

    private static async Task<(string? Result, RpcStatusCode? Status, string? Error)> CallAsync(IRpcTransport transport, ClientOptions options, string methodName, IReadOnlyList<string> words, PreparedCall? call, CancellationToken cancellationToken)
    {
        using var output = new StringWriter();
        try
        {
            if (call is null)
            {
                // A method by its protocol's own name (rpclab.echo.Echo/Reverse): the transport connects and calls it.
                await NativeNameCall.RunAsync(transport, options, methodName, words, output, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using var client = await transport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
                await CallPrinter.RunAsync(client.Services, call, null, output, cancellationToken).ConfigureAwait(false);
            }

            return (output.ToString().TrimEnd(), null, null);
        }
        catch (Exception e) when (e is not UsageException)
        {
            var rpc = RpcErrors.ToRpcException(e);
            return (null, rpc.Status, $"{rpc.Status}: {rpc.Detail}");
        }
    }
}
