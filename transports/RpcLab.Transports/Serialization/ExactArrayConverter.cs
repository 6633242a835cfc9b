using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RpcLab.Transports.Serialization;

/// <summary>
/// Reads a JSON array of numbers into an <c>int[]</c> or <c>long[]</c> of exactly its length: it counts the values
/// first (System.Text.Json hands a converter the whole value, so a copy of the reader can look ahead), then fills
/// the array. System.Text.Json's own array converter collects into a list that grows by doubling and then copies it
/// out, about three arrays of garbage per array read, which for the parallel sum's million-element arrays was most
/// of what JSON-RPC and the raw transport allocated beyond their buffers. Writes as System.Text.Json does. Anything
/// but a flat array of numbers is left to System.Text.Json's own converter, so its errors stay word for word.
/// Thread-safe (stateless).
/// </summary>
public sealed class ExactArrayConverter : JsonConverterFactory
{
    public static ExactArrayConverter Instance { get; } = new();

    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(int[]) || typeToConvert == typeof(long[]);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(int[]) ? new Numbers<int>() : new Numbers<long>();

    private sealed class Numbers<T> : JsonConverter<T[]>
        where T : struct
    {
        // The stock converter, for what this one does not read itself: options without this converter.
        private static readonly JsonTypeInfo<T[]> Stock = (JsonTypeInfo<T[]>)JsonSerializerOptions.Default.GetTypeInfo(typeof(T[]));

        public override T[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray || Count(reader) is not { } count)
            {
                return JsonSerializer.Deserialize(ref reader, Stock);
            }

            var start = reader;
            var values = new T[count];
            for (var i = 0; i < values.Length; i++)
            {
                reader.Read();
                if (!TryGet(ref reader, out values[i]))
                {
                    // Out of range or with a fraction: the stock converter fails on it with its own message and path.
                    reader = start;
                    return JsonSerializer.Deserialize(ref reader, Stock);
                }
            }

            reader.Read();
            return values;
        }

        public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, Stock);

        private static bool TryGet(ref Utf8JsonReader reader, out T value)
        {
            if (typeof(T) == typeof(int))
            {
                var ok = reader.TryGetInt32(out var i);
                value = (T)(object)i;
                return ok;
            }

            var fits = reader.TryGetInt64(out var l);
            value = (T)(object)l;
            return fits;
        }

        /// <summary>How many numbers the array at the reader holds, or null when it holds anything else.</summary>
        private static int? Count(Utf8JsonReader probe)
        {
            var count = 0;
            while (probe.Read())
            {
                switch (probe.TokenType)
                {
                    case JsonTokenType.Number:
                        count++;
                        break;
                    case JsonTokenType.EndArray:
                        return count;
                    default:
                        return null;
                }
            }

            return null;
        }
    }
}
