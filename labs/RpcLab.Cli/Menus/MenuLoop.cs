using RpcLab.Cli.Calls;
using RpcLab.Transports.Invocation;

namespace RpcLab.Cli.Menus;

/// <summary>
/// Runs a menu until "quit", the end of the input or Ctrl+C. A failed action prints one error line, the same
/// <c>error: Status: detail</c> as <c>rpclab call</c> (or <c>error: what went wrong</c> for a local file or a mistyped
/// value), and the menu goes on: one mistake or one server error must not end a session.
/// </summary>
public static class MenuLoop
{
    public const string Quit = "quit";

    public static async Task RunAsync(MenuContext context, string title, IReadOnlyList<MenuItem> items, CancellationToken cancellationToken)
    {
        var labels = items.Select(item => item.Label).Append(Quit).ToList();
        while (!cancellationToken.IsCancellationRequested)
        {
            MenuItem? chosen = null;
            try
            {
                var choice = await context.ChooseAsync(title, labels, cancellationToken).ConfigureAwait(false);
                chosen = items.FirstOrDefault(item => item.Label == choice);
                if (chosen is null)
                {
                    return; // quit, or the end of the input
                }

                await chosen.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is UsageException or IOException or UnauthorizedAccessException or FormatException)
            {
                await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            }
            catch (Exception e)
            {
                var rpc = RpcErrors.ToRpcException(e);
                await context.Error.WriteLineAsync(ErrorLine.Format(rpc.Status, rpc.Detail, chosen?.Method ?? "")).ConfigureAwait(false);
            }

            await context.Error.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
