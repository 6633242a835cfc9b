using System.Buffers.Binary;
using System.Text;
using Google.Protobuf.Reflection;
using RpcLab.Transports.Grpc.Client;
using RpcLab.Wire.Capture;
using RpcLab.Wire.Hpack;
using RpcLab.Wire.Http2;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// gRPC over HTTP/2 cleartext: the client's connection preface, then every frame of both directions; header blocks
/// decoded by our HPACK decoder (one dynamic table per direction, as each encoder keeps its own), DATA as gRPC
/// messages whose protobuf is described with the descriptors of the method the stream's <c>:path</c> names
/// (request type one way, response type the other). Works for any gRPC peer: the descriptors only add names.
/// </summary>
public sealed class GrpcDecoder : IWireDecoder
{
    public string Layers => "TCP, HTTP/2 frames, HPACK headers, gRPC length-prefixed messages, protobuf";

    public (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient)
    {
        var paths = new Dictionary<int, string>();
        var facts = new WireFacts(Types: "protobuf: field numbers and wire types (names and types only in the .proto)");
        var client = new WireReader(clientToServer);
        if (client.Remaining >= Http2FrameHeader.ClientPreface.Length && client.Peek(Http2FrameHeader.ClientPreface.Length).SequenceEqual(Http2FrameHeader.ClientPreface))
        {
            client.Begin();
            client.Take(Http2FrameHeader.ClientPreface.Length, "HTTP/2 connection preface", "PRI * HTTP/2.0 ... SM: the client speaks HTTP/2 with prior knowledge (h2c, no TLS, no Upgrade)");
            client.End("connection preface");
        }

        var server = new WireReader(serverToClient);
        facts = Frames(client, paths, request: true).Or(facts);
        facts = Frames(server, paths, request: false).Or(facts);
        return ([.. client.Messages, .. server.Messages], facts);
    }

    private static WireFacts Frames(WireReader reader, Dictionary<int, string> paths, bool request)
    {
        var hpack = new HpackDecoder();
        var assemblers = new Dictionary<int, GrpcMessageAssembler>();
        var headerBlocks = new Dictionary<int, List<byte>>();
        var answered = new HashSet<int>();
        string? method = null;
        string? status = null;
        while (reader.Remaining > 0)
        {
            if (reader.Remaining < Http2FrameHeader.Size)
            {
                reader.TakeRest("a frame header cut short (the capture ended)");
                break;
            }

            var header = Http2FrameHeader.Read(reader.Peek(Http2FrameHeader.Size));
            if (reader.Remaining < Http2FrameHeader.Size + header.Length)
            {
                reader.TakeRest($"a {header.TypeName} frame of {header.Length} bytes cut short (the capture ended)");
                break;
            }

            reader.Begin();
            reader.Take(Http2FrameHeader.Size, "HTTP/2 frame header", header.Describe());
            var title = $"{header.TypeName} stream {header.StreamId} [{Http2Names.Flags(header.Type, header.Flags)}]";
            var isAnswer = false;
            var payload = header.Length;
            var padding = 0;
            if (header.Type is Http2Names.Data or Http2Names.Headers && header.Has(Http2Names.Padded) && payload > 0)
            {
                padding = reader.PeekByte();
                reader.Take(1, "HTTP/2 pad length", $"{padding} bytes of padding at the end");
                payload -= 1 + padding;
            }

            switch (header.Type)
            {
                case Http2Names.Data:
                    if (!assemblers.TryGetValue(header.StreamId, out var assembler))
                    {
                        assembler = new GrpcMessageAssembler(MessageType(paths, header.StreamId, request));
                        assemblers[header.StreamId] = assembler;
                    }

                    assembler.Take(reader, payload);
                    break;
                case Http2Names.Headers or Http2Names.Continuation:
                    if (header.Type == Http2Names.Headers && header.Has(Http2Names.PriorityFlag))
                    {
                        var dependency = reader.PeekUInt32BigEndian();
                        reader.Take(5, "HTTP/2 priority", $"exclusive {dependency >> 31}, depends on stream {dependency & 0x7FFF_FFFF}, weight {reader.PeekByte(4) + 1}");
                        payload -= 5;
                    }

                    var block = headerBlocks.TryGetValue(header.StreamId, out var pending) ? pending : headerBlocks[header.StreamId] = [];
                    block.AddRange(reader.Peek(payload));
                    if (!header.Has(Http2Names.EndHeaders))
                    {
                        reader.Take(payload, "HPACK header block fragment", "continued in a CONTINUATION frame");
                        break;
                    }

                    headerBlocks.Remove(header.StreamId);
                    var (notes, fields) = Headers(hpack, block.ToArray(), payload);
                    reader.Take(payload, "HPACK header block", notes);
                    if (fields.FirstOrDefault(f => f.Name == ":path") is { } path)
                    {
                        paths[header.StreamId] = path.Value;
                        method ??= $":path {path.Value} (request HEADERS, HPACK {path.Describe()})";
                    }

                    if (!request && answered.Add(header.StreamId))
                    {
                        isAnswer = true;
                    }

                    if (fields.FirstOrDefault(f => f.Name == "grpc-status") is { } grpcStatus)
                    {
                        var message = fields.FirstOrDefault(f => f.Name == "grpc-message")?.Value;
                        status ??= $"grpc-status {grpcStatus.Value}{(message is null ? "" : $" grpc-message \"{message}\"")} in {(isAnswer ? "the only HEADERS (trailers-only)" : "trailers")}";
                        title += $" grpc-status {grpcStatus.Value}";
                    }
                    else if (fields.FirstOrDefault(f => f.Name == ":path") is { } p)
                    {
                        title += $" {p.Value}";
                    }
                    else if (fields.FirstOrDefault(f => f.Name == ":status") is { } s)
                    {
                        title += $" :status {s.Value}";
                    }

                    break;
                case Http2Names.Settings:
                    var settings = new List<string>();
                    for (var i = 0; i + 6 <= payload; i += 6)
                    {
                        var span = reader.Peek(payload)[i..];
                        settings.Add($"{Http2Names.Setting(BinaryPrimitives.ReadUInt16BigEndian(span))} = {BinaryPrimitives.ReadUInt32BigEndian(span[2..])}");
                    }

                    if (header.Has(Http2Names.Ack))
                    {
                        settings.Add("acknowledges the peer's SETTINGS");
                    }

                    reader.Take(payload, "HTTP/2 settings", settings);
                    break;
                case Http2Names.WindowUpdate when payload == 4:
                    var increment = reader.PeekUInt32BigEndian() & 0x7FFF_FFFF;
                    reader.Take(4, "HTTP/2 window increment", $"the sender may send {increment} more bytes on {(header.StreamId == 0 ? "the connection" : $"stream {header.StreamId}")}");
                    title += $" +{increment}";
                    break;
                case Http2Names.Ping when payload == 8:
                    reader.Take(8, "HTTP/2 opaque data", header.Has(Http2Names.Ack) ? "the answer to a PING with these bytes" : "the peer must answer with a PING ACK carrying the same bytes");
                    break;
                case Http2Names.GoAway when payload >= 8:
                    var last = reader.PeekUInt32BigEndian() & 0x7FFF_FFFF;
                    var goAwayCode = reader.PeekUInt32BigEndian(4);
                    var debug = payload > 8 ? $", debug \"{Encoding.UTF8.GetString(reader.Peek(payload)[8..])}\"" : "";
                    reader.Take(payload, "HTTP/2 GOAWAY", $"last stream {last}, error {Http2Names.ErrorCode(goAwayCode)}{debug}: no new streams on this connection");
                    title += $" {Http2Names.ErrorCode(goAwayCode)}";
                    break;
                case Http2Names.RstStream when payload == 4:
                    var rstCode = reader.PeekUInt32BigEndian();
                    reader.Take(4, "HTTP/2 error code", $"{Http2Names.ErrorCode(rstCode)}: the stream ends here");
                    title += $" {Http2Names.ErrorCode(rstCode)}";
                    break;
                default:
                    if (payload > 0)
                    {
                        reader.Take(payload, "HTTP/2 payload", $"{header.TypeName} payload");
                    }

                    break;
            }

            if (padding > 0)
            {
                reader.Take(padding, "HTTP/2 padding");
            }

            reader.End(title, isAnswer);
        }

        return new WireFacts(method, status);
    }

    private static (List<string> Notes, IReadOnlyList<HeaderField> Fields) Headers(HpackDecoder hpack, byte[] block, int lastFragment)
    {
        var notes = new List<string>();
        if (block.Length != lastFragment)
        {
            notes.Add($"the block's last {lastFragment} of {block.Length} bytes; the whole block:");
        }

        try
        {
            var fields = hpack.Decode(block);
            foreach (var field in fields)
            {
                var line = field.Representation == HeaderRepresentation.DynamicTableSizeUpdate
                    ? $"(dynamic table size update to {field.Value})"
                    : $"{field.Name}: {field.Value}";
                notes.Add($"{line}   <- {field.Describe()} [{Hex.Short(block.AsSpan(field.Offset, field.Length), 12)}]");
            }

            notes.Add($"dynamic table of this direction: {hpack.Table.Count} entries, {hpack.Table.Size} of {hpack.Table.MaxSize} octets");
            return (notes, fields);
        }
        catch (Exception e) when (e is HpackException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            notes.Add($"HPACK could not decode it: {e.Message}");
            return (notes, []);
        }
    }

    private static MessageDescriptor? MessageType(Dictionary<int, string> paths, int stream, bool request)
    {
        if (!paths.TryGetValue(stream, out var path) || MethodsByName.Find(path) is not { } method)
        {
            return null;
        }

        return request ? method.InputType : method.OutputType;
    }
}
