using System.Text.Json;

namespace RpcLab.Transports.Raw.Protocol;

/// <summary>
/// One received message, read in place from its frame (see <see cref="MessageParser"/>). The fields whose
/// meaning depends on others (args on argTypes, returns on returnTypes, an item on the call's signature) are
/// kept as readers positioned at their value, so they are decoded straight from the frame's bytes by the types
/// that say what they are, in whatever order the sender wrote the properties. Valid only while the frame is.
/// </summary>
public ref struct MessageView
{
    public MessageKind Kind;

    /// <summary>The call the message belongs to; null only for an exception about the whole connection.</summary>
    public long? Id;

    public string? Service;
    public string? Rpc;
    public string? Client;
    public long? TimeoutMs;

    /// <summary>An exception's type (<c>Invalid Arguments</c>, ...), message and status name.</summary>
    public string? Type;
    public string? Message;
    public string? Status;

    /// <summary>A <see cref="MessageKind.More"/>'s count.</summary>
    public int Count;

    /// <summary>Declared type names (request: argTypes and returnTypes; response: returnTypes), null when absent.</summary>
    public string[]? ArgTypes;
    public string[]? ReturnTypes;

    /// <summary>At the <c>[</c> of the request's args, or of the response's returns.</summary>
    public Utf8JsonReader Values;

    /// <summary>At the first token of an item's value.</summary>
    public Utf8JsonReader Item;
}
