using System.Globalization;
using Lab5.Server;
using Lab5.Stub;

// `dotnet run -- 0` runs your server on a free port (it prints the one it got);
// `dotnet run -- call PORT` calls it through your stub.
if (args is ["call", var portText])
{
    var port = int.Parse(portText, CultureInfo.InvariantCulture);
    var echo = RawStub.Create<IEcho>(port);
    var service1 = RawStub.Create<IService1>(port);
    Console.WriteLine(echo.Reverse("hello"));
    Console.WriteLine(service1.Rpc1(32, "hello"));
    Console.WriteLine(service1.Rpc1(32, 10));
    return;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
try
{
    await LabServer.RunAsync(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C.
}
