using System.Text;

namespace RpcLab.Measurement.Load;

/// <summary>
/// The one call every load run and the latency benchmarks make: <c>echo.reverse</c> of a short text.
/// The TCP floor moves the same text's bytes each way, so floor and transports carry the same payload.
/// </summary>
public static class SmallCall
{
    public const string Message = "hello world";

    public const string Reply = "dlrow olleh";

    /// <summary>The floor's ping: the message's UTF-8 bytes (a fresh copy each time).</summary>
    public static byte[] FloorPayload() => Encoding.UTF8.GetBytes(Message);
}
