using System.Text.Json;
using RpcLab.Transports.Raw.Client;
using RpcLab.Transports.Raw.Protocol;
using RpcLab.Transports.Raw.Types;

namespace RpcLab.Transports.Raw.Cluster;

/// <summary>
/// A call whose types come from the command line rather than from .NET types: the arguments go as given, with the
/// types the user declared (even wrong ones: the server is the judge), and returnTypes are declared when init.yaml
/// says what this overload returns. The reply's values are checked against the types it declares, and against the
/// expected ones. Thread-safe (immutable).
/// </summary>
public sealed class DynamicCall(string service, string rpc, IReadOnlyList<ClusterArgument> args, IReadOnlyList<string>? expectedReturns) : ClientCallSpec
{
    public override string Name => $"{service}.{rpc}";

    public override void WriteRequest(Utf8JsonWriter writer, object?[] _)
    {
        writer.WriteString(MessageNames.Service, service);
        writer.WriteString(MessageNames.Rpc, rpc);
        writer.WritePropertyName(MessageNames.Args);
        writer.WriteStartArray();
        foreach (var arg in args)
        {
            arg.Value.WriteTo(writer);
        }

        writer.WriteEndArray();
        writer.WritePropertyName(MessageNames.ArgTypes);
        writer.WriteStartArray();
        foreach (var arg in args)
        {
            writer.WriteStringValue(arg.Type);
        }

        writer.WriteEndArray();
        if (expectedReturns is not null)
        {
            writer.WritePropertyName(MessageNames.ReturnTypes);
            writer.WriteStartArray();
            foreach (var type in expectedReturns)
            {
                writer.WriteStringValue(type);
            }

            writer.WriteEndArray();
        }
    }

    public override object? ReadReturns(ref MessageView response)
    {
        var declared = response.ReturnTypes!;
        if (expectedReturns is not null && !declared.SequenceEqual(expectedReturns))
        {
            throw new InvalidValueException($"the reply declares {RawTypes.Join(declared)}, but init.yaml says {Name} returns {RawTypes.Join(expectedReturns)}");
        }

        var values = new List<ClusterArgument>();
        var reader = response.Values;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (values.Count >= declared.Length)
            {
                throw new InvalidValueException($"the reply has more values than the {declared.Length} it declares");
            }

            var type = declared[values.Count];
            var start = reader;
            if (RawTypes.Parse(type) is { } known)
            {
                // Checked as the declared type; kept as JSON for printing.
                try
                {
                    known.Read(ref start);
                }
                catch (InvalidValueException e)
                {
                    throw new InvalidValueException($"return value {values.Count + 1} {e.Message}", e);
                }
            }

            values.Add(new ClusterArgument(type, JsonElement.ParseValue(ref reader)));
        }

        return values.Count == declared.Length
            ? new ClusterReply(values)
            : throw new InvalidValueException($"the reply declares {declared.Length} values and has {values.Count}");
    }
}
