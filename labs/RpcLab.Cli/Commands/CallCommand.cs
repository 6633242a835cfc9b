using System.CommandLine;
using RpcLab.Cli.Calls;
using RpcLab.Cli.Options;
using RpcLab.Transports.Hosting;
using RpcLab.Transports.Invocation;

namespace RpcLab.Cli.Commands;

/// <summary>
/// <c>rpclab call service.method [args...]</c>: one call through a transport's client stub, its result
/// printed as JSON. Exit code 0 on success, 1 for a wrong command line, 1 + status for an RPC error
/// (see <see cref="ExitCodes"/>).
/// </summary>
public static class CallCommand
{
    public static Command Create()
    {
        var endpoint = new EndpointOptions();
        var method = new Argument<string>("method")
        {
            Description = $"The method, as service.method (echo.reverse, users.get, ...; see: rpclab serve --list){NativeNameCall.Help}.",
        };
        var words = new Argument<string[]>("arguments")
        {
            Description = "The method's arguments in order, then the items of its request stream (files.upload: <name> <localPath>).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var timeout = new Option<int?>("--timeout")
        {
            Description = "The call's deadline in milliseconds (DeadlineExceeded when it passes).",
            CustomParser = WholeNumber.Parser("--timeout", 1, int.MaxValue, "a positive number of milliseconds"),
        };
        var output = new Option<string?>("--output", "-o") { Description = "files.download: write the bytes to this local file." };
        var retry = new RetryOptionsCommandLine();

        var command = new Command("call", "Make one call to a running server and print the result (exit code 1 + status on an RPC error).");
        command.Arguments.Add(method);
        command.Arguments.Add(words);
        endpoint.AddTo(command);
        command.Options.Add(timeout);
        command.Options.Add(output);
        retry.AddTo(command);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var ms = parseResult.GetValue(timeout);
            var clientOptions = new ClientOptions
            {
                Host = endpoint.GetHost(parseResult),
                Port = endpoint.GetPort(parseResult),
                Retry = retry.GetRetry(parseResult),
                DefaultCall = new CallOptions { Timeout = ms is { } t ? TimeSpan.FromMilliseconds(t) : null },
            };
            return RunAsync(
                endpoint.GetTransport(parseResult),
                clientOptions,
                parseResult.GetValue(method)!,
                parseResult.GetValue(words) ?? [],
                parseResult.GetValue(output),
                parseResult.InvocationConfiguration.Output,
                parseResult.InvocationConfiguration.Error,
                cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(IRpcTransport transport, ClientOptions options, string methodName, IReadOnlyList<string> words, string? outputPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            if (NativeNameCall.IsNativeName(methodName))
            {
                await NativeNameCall.RunAsync(transport, options, methodName, words, output, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var call = ArgumentConverter.Prepare(MethodNames.Resolve(methodName), words);
            if (options.Port == 0)
            {
                throw new UsageException($"the {transport.Name} transport has no well-known port; say which with --port");
            }

            await using var client = await transport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            await CallPrinter.RunAsync(client.Services, call, outputPath, output, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not UsageException)
        {
            // Transports throw RpcException; anything else (a refused connection that slipped through,
            // Ctrl+C) is shown with the status the seam gives it, so the exit code still tells the kind.
            var rpc = RpcErrors.ToRpcException(e);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await error.WriteLineAsync(ErrorLine.Format(rpc.Status, rpc.Detail, methodName)).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested && ConnectionHint.For(rpc.Status, transport, options) is { } hint)
            {
                await error.WriteLineAsync(hint).ConfigureAwait(false);
            }

            return ExitCodes.ForStatus(rpc.Status);
        }
    }
}
