using System.Globalization;
using System.Text.RegularExpressions;

namespace RpcLab.Composition;

/// <summary>
/// The one line <c>rpclab serve</c> prints once it listens:
/// <c>rpclab grpc server listening on 127.0.0.1:50051 (data: /path)</c>. Scripts, the lab runner and the
/// tests read the port from it, so its shape is a contract: change <see cref="Format"/> and
/// <see cref="TryParse"/> together. Thread-safe.
/// </summary>
public static partial class ListeningLine
{
    public static string Format(string transport, string host, int port, string dataDirectory) =>
        $"rpclab {transport} server listening on {HostPort(host, port)} (data: {dataDirectory})";

    /// <summary>"127.0.0.1:50051", or "[::1]:50051" for an IPv6 address.</summary>
    public static string HostPort(string host, int port) =>
        string.Create(CultureInfo.InvariantCulture, $"{(host.Contains(':') ? $"[{host}]" : host)}:{port}");

    public static bool TryParse(string? line, out Endpoint endpoint)
    {
        endpoint = default;
        var match = line is null ? null : Pattern().Match(line);
        if (match is not { Success: true })
        {
            return false;
        }

        var host = match.Groups["host"].Value.Trim('[', ']');
        if (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        endpoint = new Endpoint(match.Groups["transport"].Value, host, port, match.Groups["data"].Value);
        return true;
    }

    [GeneratedRegex(@"^rpclab (?<transport>\S+) server listening on (?<host>\[[^\]]+\]|[^\s:]+):(?<port>\d+) \(data: (?<data>.*)\)\s*$")]
    private static partial Regex Pattern();

    /// <summary>What a listening line says.</summary>
    public readonly record struct Endpoint(string Transport, string Host, int Port, string DataDirectory);
}
