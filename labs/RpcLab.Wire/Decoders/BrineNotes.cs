using System.Globalization;
using System.Numerics;
using System.Text;
using RpcLab.Transports.Rpyc.Wire;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// brine values (as the RPyC transport's <c>Brine.Load</c> read them) as notes, each with its Python type, str and
/// bytes kept apart as the msgpack view keeps str and bin apart; and rpyc's boxing, <c>(label, value)</c>, with the
/// label named (VALUE, TUPLE, LOCAL_REF, REMOTE_REF) and a reference shown as its class name and ids. Stateless.
/// </summary>
internal static class BrineNotes
{
    /// <summary>One line per value, tuples indented; <paramref name="types"/> collects the Python types seen.</summary>
    public static void Value(object? value, string label, int depth, List<string> lines, ISet<string> types)
    {
        var indent = new string(' ', depth * 2);
        switch (value)
        {
            case object?[] tuple:
                types.Add("tuple");
                lines.Add($"{indent}{label}tuple({tuple.Length})");
                for (var i = 0; i < tuple.Length; i++)
                {
                    Value(tuple[i], $"[{i}] ", depth + 1, lines, types);
                }

                break;
            case PyFrozenSet set:
                types.Add("frozenset");
                lines.Add($"{indent}{label}frozenset({set.Items.Count})");
                for (var i = 0; i < set.Items.Count; i++)
                {
                    Value(set.Items[i], $"[{i}] ", depth + 1, lines, types);
                }

                break;
            default:
                lines.Add($"{indent}{label}{Scalar(value, types)}");
                break;
        }
    }

    /// <summary>A boxed value: <c>(label, value)</c>, the label named; anything else is shown as a plain value.</summary>
    public static void Boxed(object? boxed, string label, int depth, List<string> lines, ISet<string> types)
    {
        var indent = new string(' ', depth * 2);
        if (boxed is not object?[] { Length: 2 } box || box[0] is not long kind)
        {
            Value(boxed, $"{label}(not boxed) ", depth, lines, types);
            return;
        }

        switch (kind)
        {
            case RpycConsts.LabelValue:
                Value(box[1], $"{label}VALUE ", depth, lines, types);
                break;
            case RpycConsts.LabelTuple when box[1] is object?[] items:
                lines.Add($"{indent}{label}TUPLE of {items.Length} boxed items");
                for (var i = 0; i < items.Length; i++)
                {
                    Boxed(items[i], $"[{i}] ", depth + 1, lines, types);
                }

                break;
            case RpycConsts.LabelLocalRef or RpycConsts.LabelRemoteRef:
                types.Add("reference");
                var whose = kind == RpycConsts.LabelLocalRef ? "LOCAL_REF (an object the receiver owns)" : "REMOTE_REF (an object the sender owns: the receiver makes a proxy)";
                lines.Add(box[1] is object?[] { Length: 3 } id && id[0] is string name
                    ? $"{indent}{label}{whose}: {name}, class id {id[1]}, instance id {id[2]}{(Equals(id[2], 0L) ? " (a class)" : "")}"
                    : $"{indent}{label}{whose}: not a (name, class id, instance id) triple");
                break;
            default:
                Value(box[1], $"{label}label {kind} (unknown) ", depth, lines, types);
                break;
        }
    }

    private static string Scalar(object? value, ISet<string> types)
    {
        (var type, var text) = value switch
        {
            null => ("None", "None"),
            bool b => ("bool", $"bool {(b ? "True" : "False")}"),
            long or BigInteger => ("int", $"int {Convert.ToString(value, CultureInfo.InvariantCulture)}"),
            double d => ("float", $"float {d.ToString("R", CultureInfo.InvariantCulture)}"),
            Complex c => ("complex", $"complex ({c.Real.ToString("R", CultureInfo.InvariantCulture)}{(c.Imaginary < 0 ? "" : "+")}{c.Imaginary.ToString("R", CultureInfo.InvariantCulture)}j)"),
            string s => ("str", $"str({Encoding.UTF8.GetByteCount(s)}) {System.Text.Json.JsonSerializer.Serialize(s)}"),
            byte[] bytes => ("bytes", $"bytes({bytes.Length}) {System.Text.Json.JsonSerializer.Serialize(Capture.Hex.Ascii(bytes))}"),
            PySlice slice => ("slice", $"slice({slice.Start ?? "None"}, {slice.Stop ?? "None"}, {slice.Step ?? "None"})"),
            PyConstant constant => (constant.ToString(), constant.ToString()),
            _ => ("?", value.ToString() ?? "?"),
        };
        types.Add(type);
        return text;
    }
}
