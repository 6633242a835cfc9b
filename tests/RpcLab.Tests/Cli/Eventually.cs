namespace RpcLab.Tests.Cli;

/// <summary>Polls a condition until it holds, for tests of things that happen in the background (a watching sync).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}{(diagnostics is null ? "" : "\n" + diagnostics())}");
            }

            await Task.Delay(50);
        }
    }
}
