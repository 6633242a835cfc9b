using System.Text.Json.Nodes;

namespace Lab5.Server;

/// <summary>Finds the procedure by service, rpc and declared argument types, runs it, and builds the reply message.</summary>
public static class Dispatcher
{
    /// <summary>The reply to one request payload: a response, or an exception message of one of the five types (or Protocol Error).</summary>
    public static Task<JsonObject> HandleAsync(byte[] payload, CancellationToken cancellationToken)
    {
        // TODO 5: parse the payload (JsonDocument.Parse; invalid JSON or a missing field is a "Protocol Error" exception,
        // and the connection goes on). Read value.id, service, rpc, args and argTypes, then dispatch:
        //   echo.reverse(str) -> str            the text reversed
        //   echo.delay(str, int) -> str         the text, after int milliseconds (await Task.Delay)
        //   service1.rpc1(int, str) -> str      the number and the text concatenated: 32, "hello" -> "32hello"
        //   service1.rpc1(int, int) -> int      the sum
        // An unknown service is "Service Not Found", an unknown rpc "RPC Not Found" listing the service's rpcs, no
        // overload for the declared types "Invalid Arguments" listing the valid signatures, and a procedure that
        // throws "Execution Exception". Build replies exactly as the sheet shows them, properties in this order:
        //   {"header":"response","value":{"id":1,"returns":["olleh"],"returnTypes":["str"]}}
        //   {"header":"exception","value":{"id":1,"type":"RPC Not Found","message":"service1 has no rpc rpc9; it has rpc1"}}
        return Task.FromResult(Messages.Exception(null, "Service Not Found", "TODO 5: Dispatcher.HandleAsync"));
    }
}
