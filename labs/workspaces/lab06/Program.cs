using System.Globalization;
using Lab6.Clerk;
using Lab6.Server;

// `dotnet run -- server PORT [DATAFILE]` runs the key/value server (PORT 0: a free one, printed), saving its state to
// DATAFILE after every write so a restart remembers it. The clerk, against a server or a proxy in front of it:
//   dotnet run -- clerk PORT append CLIENTS FROM TO   clerks 1..CLIENTS at once, clerk k appends "k.FROM " ... "k.(TO-1) " to "log"
//   dotnet run -- clerk PORT put KEY VALUE VERSION     one conditional Put; prints OK, ErrVersion, ErrNoKey or ErrMaybe
//   dotnet run -- clerk PORT get KEY                   prints the value and its version
static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

switch (args)
{
    case ["server", var port, ..]:
        using (var stop = new CancellationTokenSource())
        {
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
            try
            {
                await LabServer.RunAsync(Number(port), args.Length > 2 ? args[2] : null, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM.
            }
        }

        return 0;

    case ["clerk", var port, "append", var clients, var from, var to]:
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(1, Number(clients)).Select(async k =>
        {
            await using var clerk = new Clerk($"{k}", Number(port));
            try
            {
                for (var i = Number(from); i < Number(to); i++)
                {
                    await clerk.AppendAsync("log", $"{k}.{i} ");
                }
            }
            catch (TimeoutException e)
            {
                Console.WriteLine(e.Message);
                Interlocked.Increment(ref failures);
            }
        }));
        return failures == 0 ? 0 : 1;

    case ["clerk", var port, "put", var key, var value, var version]:
        await using (var clerk = new Clerk("put", Number(port)))
        {
            Console.WriteLine(await clerk.PutAsync(key, value, long.Parse(version, CultureInfo.InvariantCulture)));
        }

        return 0;

    case ["clerk", var port, "get", var key]:
        await using (var clerk = new Clerk("get", Number(port)))
        {
            var reply = await clerk.GetAsync(key);
            Console.WriteLine($"\"{reply.Value}\" version {reply.Version}");
        }

        return 0;

    default:
        Console.Error.WriteLine("usage: server PORT [DATAFILE] | clerk PORT append CLIENTS FROM TO | clerk PORT put KEY VALUE VERSION | clerk PORT get KEY");
        return 2;
}
