using Grpc.Core;
using OurException = RpcLab.Services.Errors.RpcException;
using OurStatus = RpcLab.Services.Errors.RpcStatusCode;
using GrpcException = Grpc.Core.RpcException;

namespace RpcLab.Transports.Grpc.Errors;

/// <summary>
/// Our <see cref="OurException"/> to gRPC's <see cref="GrpcException"/> and back: the same status numbers,
/// the detail as grpc-message. The one place both directions are written. Thread-safe.
/// </summary>
public static class StatusMapping
{
    /// <summary>
    /// The longest grpc-message sent, once percent-encoded. Clients cap a response's headers and trailers at
    /// 8 KiB by default (grpc/grpc doc/PROTOCOL-HTTP2.md); grpcio reports a larger status as RESOURCE_EXHAUSTED
    /// and the real one is lost.
    /// </summary>
    public const int MaxEncodedDetail = 4096;

    private const string Truncated = " [truncated]";

    public static GrpcException ToGrpc(OurException exception) =>
        new(new Status((StatusCode)(int)exception.Status, Cap(exception.Detail)));

    public static OurException FromGrpc(GrpcException exception) =>
        new(Enum.IsDefined((OurStatus)(int)exception.StatusCode) ? (OurStatus)(int)exception.StatusCode : OurStatus.Unknown, exception.Status.Detail, exception);

    /// <summary>
    /// <paramref name="detail"/> cut, between characters, so that grpc-dotnet's percent-encoding of it (every
    /// UTF-8 byte outside printable ASCII, and '%', becomes %XX) stays within <see cref="MaxEncodedDetail"/>.
    /// </summary>
    public static string Cap(string detail)
    {
        if (detail.Length <= MaxEncodedDetail / 9)
        {
            // No character encodes to more than 9 bytes (a 3-byte UTF-8 sequence): short enough as it is.
            return detail;
        }

        var encoded = 0;
        var fits = 0;
        foreach (var rune in detail.EnumerateRunes())
        {
            encoded += rune.Value is >= 0x20 and <= 0x7E and not '%' ? 1 : 3 * rune.Utf8SequenceLength;
            if (encoded > MaxEncodedDetail)
            {
                return detail[..fits].TrimEnd() + Truncated;
            }

            // Where to cut so that the marker still fits.
            if (encoded <= MaxEncodedDetail - Truncated.Length)
            {
                fits += rune.Utf16SequenceLength;
            }
        }

        return detail;
    }
}
