using RpcLab.Services.Errors;

namespace RpcLab.Transports.Rpyc.Protocol;

/// <summary>
/// RpcLab's statuses as Python builtins exceptions, and back. Chosen so that the <c>except</c> a Python user would
/// write catches them: a missing user or file is <c>LookupError</c> (the base of KeyError: its message prints plainly,
/// where KeyError prints its argument's repr), invalid arguments <c>ValueError</c>, a deadline <c>TimeoutError</c>, a
/// limit <c>OverflowError</c>, an unknown method <c>AttributeError</c> (as getattr raises it). Our server also
/// sets the attribute <c>rpclab_status</c> (the status name), which our client reads first, so every status
/// survives the trip even where two share a class. Stateless and thread-safe.
/// </summary>
internal static class PyExceptionMap
{
    /// <summary>The attribute our server sets on every exception it sends: the RpcLab status name.</summary>
    public const string StatusAttribute = "rpclab_status";

    public static string ClassFor(RpcStatusCode status) => status switch
    {
        RpcStatusCode.Cancelled => "InterruptedError",
        RpcStatusCode.InvalidArgument => "ValueError",
        RpcStatusCode.DeadlineExceeded => "TimeoutError",
        RpcStatusCode.NotFound => "LookupError",
        RpcStatusCode.AlreadyExists => "FileExistsError",
        RpcStatusCode.PermissionDenied or RpcStatusCode.Unauthenticated => "PermissionError",
        RpcStatusCode.ResourceExhausted => "OverflowError",
        RpcStatusCode.OutOfRange => "IndexError",
        RpcStatusCode.Unimplemented => "NotImplementedError",
        RpcStatusCode.Aborted => "ConnectionAbortedError",
        RpcStatusCode.Unavailable => "ConnectionError",
        _ => "RuntimeError",
    };

    /// <summary>The status of an exception from a peer that did not say it (a real rpyc server): by its class.</summary>
    public static RpcStatusCode StatusFor(string module, string className) => module != "builtins" ? RpcStatusCode.Unknown : className switch
    {
        "ValueError" or "TypeError" or "UnicodeError" => RpcStatusCode.InvalidArgument,
        "LookupError" or "KeyError" or "FileNotFoundError" => RpcStatusCode.NotFound,
        "IndexError" => RpcStatusCode.OutOfRange,
        "AttributeError" or "NotImplementedError" or "NameError" => RpcStatusCode.Unimplemented,
        "TimeoutError" => RpcStatusCode.DeadlineExceeded,
        "InterruptedError" => RpcStatusCode.Cancelled,
        "PermissionError" => RpcStatusCode.PermissionDenied,
        "FileExistsError" => RpcStatusCode.AlreadyExists,
        "OverflowError" or "MemoryError" => RpcStatusCode.ResourceExhausted,
        "ConnectionError" or "ConnectionAbortedError" or "ConnectionResetError" or "BrokenPipeError" => RpcStatusCode.Unavailable,
        _ => RpcStatusCode.Unknown,
    };

    public static bool TryParseStatus(string? name, out RpcStatusCode status) =>
        Enum.TryParse(name, ignoreCase: false, out status) && Enum.IsDefined(status);
}
