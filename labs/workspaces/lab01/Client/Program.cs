using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Lab1;

// The server's port is the first argument: the one the server printed (`dotnet run --project Client -- $PORT`).
if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: dotnet run --project Client -- PORT   (the port your server printed)");
    return 1;
}

// One channel (one HTTP/2 connection) for every call: creating a channel per call is slow.
using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
var client = new FirstRpc.FirstRpcClient(channel);

// TODO 1 Upper (unary):
// var upper = await client.UpperAsync(new UpperRequest { Text = "hello" });
// Console.WriteLine($"Upper: {upper.Text}");

// TODO 2 Countdown (server streaming): read replies until the server ends the stream.
// using var countdown = client.Countdown(new CountdownRequest { N = 3 });
// await foreach (var reply in countdown.ResponseStream.ReadAllAsync()) { Console.WriteLine($"Countdown: {reply.Value}"); }

// TODO 3 Longest (client streaming): write each word, complete the request stream, then await the one reply.
// using var longest = client.Longest();
// ... await longest.RequestStream.WriteAsync(new LongestRequest { Word = "pear" }); ...
// await longest.RequestStream.CompleteAsync();
// Console.WriteLine($"Longest: {(await longest.ResponseAsync).Word}");

// TODO 4 RunningTotal (bidirectional): write a number, read its reply, and so on; complete the request stream at the end.

// TODO 5 your own method.

Console.WriteLine($"client connected to {channel.Target}: write your calls in Client/Program.cs (TODO 1-5)");
GC.KeepAlive(client);
return 0;
