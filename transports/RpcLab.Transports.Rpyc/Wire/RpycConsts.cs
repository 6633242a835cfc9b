namespace RpcLab.Transports.Rpyc.Wire;

/// <summary>
/// The numbers of rpyc's protocol (rpyc/core/consts.py): message types, boxing labels, request handlers. The two
/// handlers above 63 are RpcLab's extensions, which a real rpyc peer answers with an exception (an unknown handler),
/// so a client that sends them learns at once whether its server is ours.
/// </summary>
internal static class RpycConsts
{
    public const int MsgRequest = 1;
    public const int MsgReply = 2;
    public const int MsgException = 3;

    public const int LabelValue = 1;
    public const int LabelTuple = 2;
    public const int LabelLocalRef = 3;
    public const int LabelRemoteRef = 4;

    public const int HandlePing = 1;
    public const int HandleClose = 2;
    public const int HandleGetRoot = 3;
    public const int HandleGetAttr = 4;
    public const int HandleDelAttr = 5;
    public const int HandleSetAttr = 6;
    public const int HandleCall = 7;
    public const int HandleCallAttr = 8;
    public const int HandleRepr = 9;
    public const int HandleStr = 10;
    public const int HandleCmp = 11;
    public const int HandleHash = 12;
    public const int HandleDir = 13;
    public const int HandlePickle = 14;
    public const int HandleDel = 15;
    public const int HandleInspect = 16;

    /// <summary>RpcLab's extension: results of this connection travel by value (lists and records as tuples) instead of as references, so a .NET client need not fetch a 50,000-item list item by item.</summary>
    public const int HandleRpcLabValues = 64;

    /// <summary>RpcLab's extension: cancel the request with the given seq (rpyc has no cancellation); answered at once, ahead of queued requests.</summary>
    public const int HandleRpcLabCancel = 65;

    /// <summary>vinegar's shorthand for StopIteration in an EXCEPTION message.</summary>
    public const int ExcStopIteration = 1;

    /// <summary>rpyc's Channel compresses a payload longer than this.</summary>
    public const int CompressionThreshold = 3000;

    public static string HandlerName(int handler) => handler switch
    {
        HandlePing => "PING",
        HandleClose => "CLOSE",
        HandleGetRoot => "GETROOT",
        HandleGetAttr => "GETATTR",
        HandleDelAttr => "DELATTR",
        HandleSetAttr => "SETATTR",
        HandleCall => "CALL",
        HandleCallAttr => "CALLATTR",
        HandleRepr => "REPR",
        HandleStr => "STR",
        HandleCmp => "CMP",
        HandleHash => "HASH",
        HandleDir => "DIR",
        HandlePickle => "PICKLE",
        HandleDel => "DEL",
        HandleInspect => "INSPECT",
        17 => "BUFFITER",
        18 => "OLDSLICING",
        19 => "CTXEXIT",
        20 => "INSTANCECHECK",
        HandleRpcLabValues => "RPCLAB_VALUES",
        HandleRpcLabCancel => "RPCLAB_CANCEL",
        _ => $"handler {handler}",
    };
}
