namespace RpcLab.Wire.Http2;

/// <summary>The names RFC 9113 gives to frame types, flags, settings and error codes. Stateless.</summary>
public static class Http2Names
{
    public const byte Data = 0x0, Headers = 0x1, Priority = 0x2, RstStream = 0x3, Settings = 0x4, PushPromise = 0x5, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8, Continuation = 0x9;

    public const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, PriorityFlag = 0x20;

    public static string FrameType(byte type) => type switch
    {
        Data => "DATA",
        Headers => "HEADERS",
        Priority => "PRIORITY",
        RstStream => "RST_STREAM",
        Settings => "SETTINGS",
        PushPromise => "PUSH_PROMISE",
        Ping => "PING",
        GoAway => "GOAWAY",
        WindowUpdate => "WINDOW_UPDATE",
        Continuation => "CONTINUATION",
        _ => $"unknown 0x{type:x2}",
    };

    /// <summary>The flags set, by the names they have for this frame type ("END_STREAM|END_HEADERS", or "none").</summary>
    public static string Flags(byte type, byte flags)
    {
        var names = new List<string>();
        void Check(byte flag, string name)
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
                flags &= (byte)~flag;
            }
        }

        switch (type)
        {
            case Data:
                Check(EndStream, "END_STREAM");
                Check(Padded, "PADDED");
                break;
            case Headers:
                Check(EndStream, "END_STREAM");
                Check(EndHeaders, "END_HEADERS");
                Check(Padded, "PADDED");
                Check(PriorityFlag, "PRIORITY");
                break;
            case Settings or Ping:
                Check(Ack, "ACK");
                break;
            case Continuation or PushPromise:
                Check(EndHeaders, "END_HEADERS");
                Check(Padded, "PADDED");
                break;
        }

        if (flags != 0)
        {
            names.Add($"0x{flags:x2}");
        }

        return names.Count == 0 ? "none" : string.Join('|', names);
    }

    public static string Setting(int id) => id switch
    {
        1 => "HEADER_TABLE_SIZE",
        2 => "ENABLE_PUSH",
        3 => "MAX_CONCURRENT_STREAMS",
        4 => "INITIAL_WINDOW_SIZE",
        5 => "MAX_FRAME_SIZE",
        6 => "MAX_HEADER_LIST_SIZE",
        8 => "ENABLE_CONNECT_PROTOCOL",
        _ => $"unknown 0x{id:x}",
    };

    public static string ErrorCode(uint code) => code switch
    {
        0 => "NO_ERROR",
        1 => "PROTOCOL_ERROR",
        2 => "INTERNAL_ERROR",
        3 => "FLOW_CONTROL_ERROR",
        4 => "SETTINGS_TIMEOUT",
        5 => "STREAM_CLOSED",
        6 => "FRAME_SIZE_ERROR",
        7 => "REFUSED_STREAM",
        8 => "CANCEL",
        9 => "COMPRESSION_ERROR",
        10 => "CONNECT_ERROR",
        11 => "ENHANCE_YOUR_CALM",
        12 => "INADEQUATE_SECURITY",
        13 => "HTTP_1_1_REQUIRED",
        _ => $"unknown 0x{code:x}",
    };
}
