using System.Text.Json;
using RpcLab.Transports.Raw.Protocol;

namespace RpcLab.Transports.Raw.Client;

/// <summary>
/// What a client must know to make calls of one kind: how to write the request's fields (service, rpc, args,
/// argTypes, returnTypes) and how to read and check what comes back: <see cref="SignatureCall"/> when the client
/// knows the .NET types (the lab's stubs, the initializer), <c>DynamicCall</c> (in the cluster project) for a call typed on the
/// command line. Implementations are thread-safe.
/// </summary>
public abstract class ClientCallSpec
{
    /// <summary><c>service.rpc</c>, for messages.</summary>
    public abstract string Name { get; }

    /// <summary>Writes service, rpc, args, argTypes and returnTypes into the request's value object.</summary>
    public abstract void WriteRequest(Utf8JsonWriter writer, object?[] args);

    /// <summary>The call's result from a response: checks the declared returnTypes and reads the returns. A mismatch is an <see cref="Types.InvalidValueException"/>.</summary>
    public abstract object? ReadReturns(ref MessageView response);

    /// <summary>One item of the result stream, read as its declared type.</summary>
    public virtual object? ReadItem(ref Utf8JsonReader item) => throw new NotSupportedException($"{Name} has no result stream");

    /// <summary>What the caller sees for an exception message or a protocol failure of this call: the exception itself, unless the spec says otherwise.</summary>
    public virtual Exception Failure(RawCallException failure) => failure;

    /// <summary>Writes one item of the request stream.</summary>
    public virtual void WriteItem(Utf8JsonWriter writer, object? item) => throw new NotSupportedException($"{Name} has no request stream");
}
