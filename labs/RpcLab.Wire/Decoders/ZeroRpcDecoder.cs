using System.Text;
using MessagePack;
using RpcLab.Wire.Capture;
using RpcLab.Wire.Zmtp;

namespace RpcLab.Wire.Decoders;

/// <summary>
/// zeroRPC on ZeroMQ: the ZMTP 3.x greeting and handshake (the NULL mechanism's READY command with its
/// properties), then messages of frames (MORE chains them; the empty delimiter ends the envelope; the last frame is
/// the payload), and the payload as a msgpack event <c>[header, name, args]</c>.
/// </summary>
public sealed class ZeroRpcDecoder : IWireDecoder
{
    public string Layers => "TCP, ZMTP 3 greeting, commands and frames, msgpack events [header, name, args]";

    public (IReadOnlyList<WireMessage> Messages, WireFacts Facts) Decode(DirectionStream clientToServer, DirectionStream serverToClient)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        var client = new WireReader(clientToServer);
        var server = new WireReader(serverToClient);
        var facts = Messages(client, answer: false, types);
        facts = Messages(server, answer: true, types).Or(facts);
        return ([.. client.Messages, .. server.Messages], facts with { Types = $"msgpack: {string.Join(", ", types)} (str and bin distinct)" });
    }

    private static WireFacts Messages(WireReader reader, bool answer, ISet<string> types)
    {
        string? method = null;
        string? status = null;
        var first = true;
        if (reader.Remaining >= ZmtpGreeting.Size && ZmtpGreeting.StartsGreeting(reader.Peek(10)))
        {
            var greeting = ZmtpGreeting.Read(reader.Peek(ZmtpGreeting.Size));
            reader.Begin();
            reader.Take(10, ZmtpGreeting.Layout[0].Layer, "FF, 8 padding octets, 7F: a ZMTP 3 peer (a ZMTP 1.0 peer would see a long frame)");
            reader.Take(2, ZmtpGreeting.Layout[1].Layer, $"version {greeting.Major}.{greeting.Minor}");
            reader.Take(20, ZmtpGreeting.Layout[2].Layer, $"mechanism \"{greeting.Mechanism}\"{(greeting.Mechanism == "NULL" ? ": no security, READY follows" : "")}");
            reader.Take(1, ZmtpGreeting.Layout[3].Layer, $"as-server {(greeting.AsServer ? 1 : 0)} (only CURVE and PLAIN care)");
            reader.Take(31, ZmtpGreeting.Layout[4].Layer, "filler, zeros");
            reader.End($"ZMTP greeting {greeting.Major}.{greeting.Minor} {greeting.Mechanism}");
        }

        while (reader.Remaining > 0)
        {
            // One message: frames until one without MORE; a command is always a single frame.
            var frames = new List<(ZmtpFrameHeader Header, int Offset)>();
            var offset = 0;
            var complete = false;
            while (ZmtpFrameHeader.TryRead(reader.Peek(offset + 9)[offset..]) is { } header && offset + header.HeaderSize + header.BodySize <= reader.Remaining)
            {
                frames.Add((header, offset));
                offset += header.HeaderSize + (int)header.BodySize;
                if (!header.IsMore || header.IsCommand)
                {
                    complete = true;
                    break;
                }
            }

            if (!complete)
            {
                reader.TakeRest("a ZMTP frame cut short (the capture ended)");
                break;
            }

            reader.Begin();
            var title = "";
            if (frames[0].Header.IsCommand)
            {
                var header = frames[0].Header;
                var command = ZmtpCommand.Read(reader.Peek(header.HeaderSize + (int)header.BodySize)[header.HeaderSize..]);
                reader.Take(header.HeaderSize, "ZMTP frame header", header.Describe());
                var notes = new List<string> { $"command {command.Name}" };
                notes.AddRange(command.Properties.Select(p => $"property {p.Name} = \"{Encoding.ASCII.GetString(p.Value)}\"{(p.Value.Length == 0 ? " (empty)" : "")}"));
                if (command.Properties.Count == 0 && command.Data.Length > 0)
                {
                    notes.Add($"data {Hex.Short(command.Data)}");
                }

                reader.Take((int)header.BodySize, "ZMTP command", notes);
                reader.End($"ZMTP command {command.Name}");
                continue;
            }

            var delimiter = frames.FindIndex(f => f.Header.BodySize == 0);
            for (var i = 0; i < frames.Count; i++)
            {
                var header = frames[i].Header;
                var body = reader.Peek(header.HeaderSize + (int)header.BodySize)[header.HeaderSize..].ToArray();
                reader.Take(header.HeaderSize, "ZMTP frame header", $"frame {i + 1} of {frames.Count}: {header.Describe()}");
                if (i == frames.Count - 1)
                {
                    var notes = MsgpackNotes.Lines(body, types);
                    var name = EventName(body);
                    notes.Insert(0, name is null ? "payload (not a zerorpc event)" : $"zerorpc event \"{name}\": [header, name, args] in msgpack");
                    if (name is not null && !name.StartsWith("_zpc_", StringComparison.Ordinal))
                    {
                        if (answer)
                        {
                            status ??= name == "ERR" ? $"an ERR event: {string.Join(' ', notes.Skip(notes.Count - 3))}" : $"the event name \"{name}\"";
                        }
                        else
                        {
                            method ??= $"the event name (msgpack str) \"{name}\"";
                        }
                    }

                    title = name is null ? "ZMTP message" : $"zerorpc event {name}";
                    reader.Take(body.Length, "zerorpc event (msgpack)", notes);
                }
                else if (body.Length == 0 && i == delimiter)
                {
                    reader.Take(0, "ZMTP empty delimiter", "the envelope ends here; DEALER and ROUTER route by what comes before it");
                }
                else
                {
                    reader.Take(body.Length, "ZMTP envelope", $"routing identity \"{Hex.Ascii(body)}\"");
                }
            }

            reader.End($"{title} ({frames.Count} frames)", answer && first);
            first = false;
        }

        return new WireFacts(method, status);
    }

    // The event's name: the second item of the top-level array, when it is a str.
    private static string? EventName(byte[] payload)
    {
        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != 3)
            {
                return null;
            }

            reader.Skip();
            return reader.NextMessagePackType == MessagePackType.String ? reader.ReadString() : null;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            return null;
        }
    }
}
