using System.Collections.Concurrent;
using System.Text.Json;
using RpcLab.Services.Errors;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Raw.Binding;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Client;

/// <summary>
/// Calls of a procedure whose signature the client knows in .NET types: names encoded once, arguments written and
/// results read with the serializer metadata of their types, and the reply's declared types checked. The lab's
/// stubs make one per contract method (<see cref="For"/>, the same <see cref="ContractSignature"/> the server
/// checks against), the initializer one per control rpc. Thread-safe (immutable).
/// </summary>
public sealed class SignatureCall : ClientCallSpec
{
    private static readonly ConcurrentDictionary<RpcMethod, SignatureCall> Cache = new();
    private readonly JsonEncodedText _service;
    private readonly JsonEncodedText _rpc;
    private readonly Signature _signature;
    private readonly bool _asRpcException;

    /// <param name="service">The service's wire name.</param>
    /// <param name="rpc">The rpc's wire name.</param>
    /// <param name="signature">What it takes and gives.</param>
    /// <param name="asRpcException">True for the lab's stubs: an exception message reaches the caller as the lab's <see cref="RpcException"/> with its status.</param>
    public SignatureCall(string service, string rpc, Signature signature, bool asRpcException = false)
    {
        _asRpcException = asRpcException;
        Name = $"{service}.{rpc}";
        _service = JsonEncodedText.Encode(service);
        _rpc = JsonEncodedText.Encode(rpc);
        _signature = signature;
    }

    public override string Name { get; }

    /// <summary>The call of a contract method, made once per method.</summary>
    internal static SignatureCall For(RpcMethod method) =>
        Cache.GetOrAdd(method, static m => new SignatureCall(m.Service, m.Name, ContractSignature.Of(m), asRpcException: true));

    public override Exception Failure(RawCallException failure) => _asRpcException ? failure.ToRpcException() : failure;

    public override void WriteRequest(Utf8JsonWriter writer, object?[] args)
    {
        writer.WriteString(MessageNames.Service, _service);
        writer.WriteString(MessageNames.Rpc, _rpc);
        writer.WritePropertyName(MessageNames.Args);
        writer.WriteStartArray();
        var next = 0;
        foreach (var type in _signature.Args)
        {
            if (type.IsStream)
            {
                // The request stream's place: its items follow as item messages.
                writer.WriteNullValue();
            }
            else
            {
                type.Write(writer, args[next++]);
            }
        }

        writer.WriteEndArray();
        writer.WritePropertyName(MessageNames.ArgTypes);
        Signature.WriteNames(writer, _signature.Args);
        writer.WritePropertyName(MessageNames.ReturnTypes);
        Signature.WriteNames(writer, _signature.Returns);
    }

    public override object? ReadReturns(ref MessageView response)
    {
        if (!_signature.GivesReturns(response.ReturnTypes!))
        {
            throw new InvalidValueException($"the reply to {Name} declares returnTypes {RawTypes.Join(response.ReturnTypes!)}, not {RawTypes.Join(_signature.ReturnNames)}");
        }

        var values = Signature.ReadValues(ref response.Values, _signature.Returns, "return value");
        return values.Length == 0 ? null : values[0];
    }

    public override object? ReadItem(ref Utf8JsonReader item) => _signature.ResultItem!.Read(ref item);

    public override void WriteItem(Utf8JsonWriter writer, object? item) => _signature.RequestItem!.Write(writer, item);
}
