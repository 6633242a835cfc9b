using System.Collections.Concurrent;
using System.Text.Json;
using RpcLab.Transports.Invocation;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Binding;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Client;

/// <summary>
/// A contract method as the lab's raw client calls it: names encoded once, arguments written and results read
/// with the serializer metadata of their types (<see cref="ContractSignature"/>, the same the server checks
/// against). Made once per method and cached. Thread-safe (immutable).
/// </summary>
internal sealed class ContractCall : ClientCallSpec
{
    private static readonly ConcurrentDictionary<RpcMethod, ContractCall> Cache = new();
    private readonly JsonEncodedText _service;
    private readonly JsonEncodedText _rpc;
    private readonly Signature _signature;

    private ContractCall(RpcMethod method)
    {
        Name = method.FullName;
        _service = JsonEncodedText.Encode(method.Service);
        _rpc = JsonEncodedText.Encode(method.Name);
        _signature = ContractSignature.Of(method);
    }

    public override string Name { get; }

    public static ContractCall For(RpcMethod method) => Cache.GetOrAdd(method, static m => new ContractCall(m));

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
