namespace RpcLab.Transports.Raw.Protocol;

/// <summary>The <c>header</c> of a message: what its <c>value</c> holds.</summary>
public enum MessageKind
{
    /// <summary>Client to server: a call (id, service, rpc, args, argTypes, returnTypes, optional timeoutMs and client).</summary>
    Request,

    /// <summary>Server to client: the call's return values (id, returns, returnTypes). Ends the call.</summary>
    Response,

    /// <summary>Server to client: the call failed (id, type, message, status). Without an id it concerns the whole connection.</summary>
    Exception,

    /// <summary>Either way: one item of a call's stream (id, item).</summary>
    Item,

    /// <summary>Either way: the call's stream has no more items (id). From the server it ends the call.</summary>
    End,

    /// <summary>Client to server: forget the call (id); the server cancels it and answers nothing more.</summary>
    Cancel,

    /// <summary>Either way: the receiver of a stream lets the sender send <c>count</c> more items (id, count).</summary>
    More,
}
