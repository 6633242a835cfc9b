using System.Globalization;
using System.Text.Json;

namespace RpcLab.Transports.Raw.Types;

/// <summary>
/// What a procedure takes and gives, in protocol types: <c>(int, str) -> str</c>. Overloads differ in their
/// argument types. A <c>Stream[T]</c> argument is the request stream (its value in args is null; the items
/// follow as item messages); a single <c>Stream[T]</c> return is a result stream. Reading values checks them
/// against the declared types. Immutable and thread-safe.
/// </summary>
public sealed class Signature
{
    public Signature(IReadOnlyList<RawType> args, IReadOnlyList<RawType> returns)
    {
        Args = args;
        Returns = returns;
        ArgNames = args.Select(a => a.Name).ToArray();
        ReturnNames = returns.Select(r => r.Name).ToArray();
        StreamArgument = args.ToList().FindIndex(a => a.IsStream);
        if (args.Count(a => a.IsStream) > 1 || returns.Skip(1).Any(r => r.IsStream) || returns.Count > 1 && returns[0].IsStream)
        {
            throw new NotSupportedException("a signature has at most one stream argument and at most one result, which may be a stream");
        }
    }

    public IReadOnlyList<RawType> Args { get; }

    public IReadOnlyList<RawType> Returns { get; }

    public IReadOnlyList<string> ArgNames { get; }

    public IReadOnlyList<string> ReturnNames { get; }

    /// <summary>The index of the request stream among the arguments, or -1.</summary>
    public int StreamArgument { get; }

    /// <summary>The request stream's item type, or null.</summary>
    public RawType? RequestItem => StreamArgument >= 0 ? Args[StreamArgument].Element : null;

    /// <summary>The result stream's item type, or null.</summary>
    public RawType? ResultItem => Returns.Count == 1 && Returns[0].IsStream ? Returns[0].Element : null;

    public bool TakesArguments(IReadOnlyList<string> argTypes) => SameNames(ArgNames, argTypes);

    public bool GivesReturns(IReadOnlyList<string> returnTypes) => SameNames(ReturnNames, returnTypes);

    /// <summary>
    /// Reads the values of a JSON array (the reader at its <c>[</c>) as <paramref name="types"/>, one each. A stream
    /// position must hold null. <paramref name="what"/> names a value in errors ("argument", "return value"): a
    /// wrong count or type is an <see cref="InvalidValueException"/>.
    /// </summary>
    public static object?[] ReadValues(ref Utf8JsonReader reader, IReadOnlyList<RawType> types, string what)
    {
        var values = new object?[types.Count];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count >= types.Count)
            {
                reader.Skip();
                count++;
                continue;
            }

            var type = types[count];
            if (type.IsStream)
            {
                if (reader.TokenType != JsonTokenType.Null)
                {
                    throw new InvalidValueException($"{what} {count + 1} is the {type.Name}: its value is null and its items follow as item messages");
                }
            }
            else
            {
                try
                {
                    values[count] = type.Read(ref reader);
                }
                catch (InvalidValueException e)
                {
                    throw new InvalidValueException($"{what} {count + 1} {e.Message}", e);
                }
            }

            count++;
        }

        if (count != types.Count)
        {
            throw new InvalidValueException(string.Create(CultureInfo.InvariantCulture, $"{types.Count} {what}s declared, {count} given"));
        }

        return values;
    }

    /// <summary>Writes <c>["int","str"]</c>: a list of type names.</summary>
    public static void WriteNames(Utf8JsonWriter writer, IReadOnlyList<RawType> types)
    {
        writer.WriteStartArray();
        foreach (var type in types)
        {
            writer.WriteStringValue(type.EncodedName);
        }

        writer.WriteEndArray();
    }

    /// <summary><c>rpc1(int, str) -> str</c>; several returns in parentheses, none as <c>()</c>.</summary>
    public string Describe(string rpc) => Describe(rpc, ArgNames, ReturnNames);

    public static string Describe(string rpc, IReadOnlyList<string> args, IReadOnlyList<string> returns) =>
        $"{rpc}{RawTypes.Join(args)} -> {(returns.Count == 1 ? returns[0] : RawTypes.Join(returns))}";

    public override string ToString() => Describe(string.Empty);

    private static bool SameNames(IReadOnlyList<string> mine, IReadOnlyList<string> theirs)
    {
        if (mine.Count != theirs.Count)
        {
            return false;
        }

        for (var i = 0; i < mine.Count; i++)
        {
            if (!string.Equals(mine[i], theirs[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
