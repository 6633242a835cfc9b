using System.CommandLine;
using RpcLab.Cli.Calls;
using RpcLab.Composition;
using RpcLab.Services.Errors;
using RpcLab.Transports.Hosting;
using RpcLab.Wire.Render;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab wire method [args...] --transport T|all</c>: one real call through a TCP relay that records every chunk
/// both ways, then what crossed the socket, in order, as hex and ASCII with each layer decoded. The decoder comes
/// from the wire view's own table by transport name, so nothing here knows a protocol. Exit code 0 when every call
/// succeeded, 1 for a wrong command line, 1 + the status of the first failed call otherwise (its bytes are shown too).
/// </summary>
public static class WireCommand
{
    private const string All = "all";

    public static Command Create()
    {
        var wired = TransportRegistry.All.Where(t => t.HasWire).Select(t => t.Name).ToArray();
        var method = new Argument<string>("method") { Description = "The method, as for rpclab call (echo.reverse, users.get, ...)." };
        var words = new Argument<string[]>("arguments") { Description = "The method's arguments, as for rpclab call.", Arity = ArgumentArity.ZeroOrMore };
        var transport = new Option<string>("--transport", "-t")
        {
            Description = $"The transport, or all of them one after the other with a comparison table: {string.Join(", ", wired)}, {All}.",
            DefaultValueFactory = _ => TransportRegistry.Default.Name,
        };
        transport.AcceptOnlyFromAmong([.. wired, All]);
        var host = new Option<string>("--host") { Description = "With --port: the running server's address.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int?>("--port", "-p")
        {
            Description = "Call a server already running on this port (ours or anyone's) instead of starting one here.",
            CustomParser = WholeNumber.Parser("--port", 1, 65535, "between 1 and 65535"),
        };
        var format = new Option<string>("--format") { Description = "text (for a terminal), md (Markdown, for a report) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "md", "json");
        var timeout = new Option<int?>("--timeout")
        {
            Description = "The call's deadline in milliseconds.",
            CustomParser = WholeNumber.Parser("--timeout", 1, int.MaxValue, "a positive number of milliseconds"),
        };

        var command = new Command("wire", "Make one call through a tap on its TCP connection and show the bytes that crossed, layer by layer.")
        {
            method, words, transport, host, port, format, timeout,
        };
        // The transports' own options that change what the view decodes (JSON-RPC's --framing), as serve and call take
        // them; with --transport all each transport takes those it declares. Not TLS (--tls, files): encrypted bytes are
        // not decodable, and a server started here has no certificate a client would trust.
        var transportOptions = new TransportOwnOptions(transport, option => !option.ServerOnly && !option.ClientOnly && !option.IsFlag && !option.IsFile);
        transportOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(port) is not null && string.Equals(result.GetValue(transport), All, StringComparison.OrdinalIgnoreCase))
            {
                result.AddError("--port names one server, so it needs one --transport, not all");
            }
        });
        command.SetAction((parseResult, cancellationToken) =>
        {
            var name = parseResult.GetValue(transport)!;
            var transports = (string.Equals(name, All, StringComparison.OrdinalIgnoreCase)
                ? TransportRegistry.All.Where(t => t.HasWire)
                : [TransportRegistry.Get(name)]).Select(t => transportOptions.Configure(parseResult, t)).ToList();
            var ms = parseResult.GetValue(timeout);
            var defaults = new CallOptions { Timeout = ms is { } t ? TimeSpan.FromMilliseconds(t) : null };
            var wireFormat = parseResult.GetValue(format) switch
            {
                "md" => WireFormat.Markdown,
                "json" => WireFormat.Json,
                _ => WireFormat.Text,
            };
            return RunAsync(transports, parseResult.GetValue(method)!, parseResult.GetValue(words) ?? [], parseResult.GetValue(host)!, parseResult.GetValue(port), defaults, wireFormat, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<IRpcTransport> transports, string method, IReadOnlyList<string> words, string host, int? port, CallOptions defaults, WireFormat format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var calls = new List<WireCall>();
        try
        {
            foreach (var transport in transports)
            {
                calls.Add(await TappedCall.RunAsync(transport, method, words, host, port, defaults, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: could not start a server or the relay: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        await output.WriteAsync(WireRenderer.Render(calls, format)).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        var failed = calls.FirstOrDefault(c => c.Error is not null);
        if (failed is null)
        {
            return ExitCodes.Ok;
        }

        await error.WriteLineAsync($"error: {failed.Transcript.Transport}: {failed.Error}").ConfigureAwait(false);
        return ExitCodes.ForStatus(failed.Status ?? RpcStatusCode.Unknown);
    }
}
