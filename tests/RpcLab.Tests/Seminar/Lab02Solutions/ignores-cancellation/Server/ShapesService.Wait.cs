namespace Lab2.Server;

// Wrong on purpose: the wait does not take the call's token, so a cancelled Hold goes on waiting.
public sealed partial class ShapesService
{
    private static Task WaitAsync(int ms, CancellationToken cancellationToken) => Task.Delay(ms, CancellationToken.None);
}
