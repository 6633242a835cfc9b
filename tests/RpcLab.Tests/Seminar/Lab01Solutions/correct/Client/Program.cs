using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Lab1;

// A correct client of Lab 1's task: one call of each method.
if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: dotnet run --project Client -- PORT   (the port your server printed)");
    return 1;
}

using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
var client = new FirstRpc.FirstRpcClient(channel);

var upper = await client.UpperAsync(new UpperRequest { Text = "hello" });
Console.WriteLine($"Upper: {upper.Text}");

using (var countdown = client.Countdown(new CountdownRequest { N = 3 }))
{
    await foreach (var reply in countdown.ResponseStream.ReadAllAsync())
    {
        Console.WriteLine($"Countdown: {reply.Value}");
    }
}

using (var longest = client.Longest())
{
    foreach (var word in new[] { "pear", "banana", "fig" })
    {
        await longest.RequestStream.WriteAsync(new LongestRequest { Word = word });
    }

    await longest.RequestStream.CompleteAsync();
    Console.WriteLine($"Longest: {(await longest.ResponseAsync).Word}");
}

using (var running = client.RunningTotal())
{
    foreach (var number in new long[] { 1, 2, 3 })
    {
        await running.RequestStream.WriteAsync(new RunningTotalRequest { Number = number });
        await running.ResponseStream.MoveNext(CancellationToken.None);
        Console.WriteLine($"RunningTotal: {running.ResponseStream.Current.Total}");
    }

    await running.RequestStream.CompleteAsync();
}

using (var spell = client.Spell(new SpellRequest { Text = "abc" }))
{
    await foreach (var reply in spell.ResponseStream.ReadAllAsync())
    {
        Console.WriteLine($"Spell: {reply.Letter}");
    }
}

return 0;
