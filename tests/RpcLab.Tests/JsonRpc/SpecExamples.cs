namespace RpcLab.Tests.JsonRpc;

/// <summary>
/// Every example of section 7 of the JSON-RPC 2.0 specification (https://www.jsonrpc.org/specification#examples),
/// copied verbatim, whitespace and all.
/// </summary>
public static class SpecExamples
{
    public static IReadOnlyList<SpecExample> All { get; } =
    [
        new("rpc call with positional parameters (1)",
            """{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}""",
            """{"jsonrpc": "2.0", "result": 19, "id": 1}"""),
        new("rpc call with positional parameters (2)",
            """{"jsonrpc": "2.0", "method": "subtract", "params": [23, 42], "id": 2}""",
            """{"jsonrpc": "2.0", "result": -19, "id": 2}"""),
        new("rpc call with named parameters (1)",
            """{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}""",
            """{"jsonrpc": "2.0", "result": 19, "id": 3}"""),
        new("rpc call with named parameters (2)",
            """{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}""",
            """{"jsonrpc": "2.0", "result": 19, "id": 4}"""),
        new("a Notification (1)",
            """{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}""",
            null),
        new("a Notification (2)",
            """{"jsonrpc": "2.0", "method": "foobar"}""",
            null),
        new("rpc call of non-existent method",
            """{"jsonrpc": "2.0", "method": "foobar", "id": "1"}""",
            """{"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "1"}"""),
        new("rpc call with invalid JSON",
            """{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]""",
            """{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}"""),
        new("rpc call with invalid Request object",
            """{"jsonrpc": "2.0", "method": 1, "params": "bar"}""",
            """{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}"""),
        new("rpc call Batch, invalid JSON",
            """
            [
              {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
              {"jsonrpc": "2.0", "method"
            ]
            """,
            """{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}"""),
        new("rpc call with an empty Array",
            """[]""",
            """{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}"""),
        new("rpc call with an invalid Batch (but not empty)",
            """[1]""",
            """
            [
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}
            ]
            """),
        new("rpc call with invalid Batch",
            """[1,2,3]""",
            """
            [
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}
            ]
            """),
        new("rpc call Batch",
            """
            [
                    {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                    {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                    {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
                    {"foo": "boo"},
                    {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
                    {"jsonrpc": "2.0", "method": "get_data", "id": "9"} 
                ]
            """,
            """
            [
                    {"jsonrpc": "2.0", "result": 7, "id": "1"},
                    {"jsonrpc": "2.0", "result": 19, "id": "2"},
                    {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
                    {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found"}, "id": "5"},
                    {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}
                ]
            """),
        new("rpc call Batch (all notifications)",
            """
            [
                    {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},
                    {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}
                ]
            """,
            null),
    ];

    /// <summary>The examples' names, as theory data (strings keep each example a test of its own).</summary>
    public static TheoryData<string> Names => new(All.Select(e => e.Name));

    public static SpecExample Get(string name) => All.Single(e => e.Name == name);
}
