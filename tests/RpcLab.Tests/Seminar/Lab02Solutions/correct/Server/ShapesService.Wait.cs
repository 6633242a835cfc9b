namespace Lab2.Server;

public sealed partial class ShapesService
{
    private static Task WaitAsync(int ms, CancellationToken cancellationToken) => Task.Delay(ms, cancellationToken);
}
