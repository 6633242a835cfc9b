using RpcLab.Transports.Hosting;

namespace RpcLab.Transports.Security;

/// <summary>
/// TLS for a transport that can speak it (gRPC, REST): the command-line options it declares once for all of them
/// (<c>--tls</c>, <c>--cert</c>, <c>--key</c>, <c>--ca</c>) and the values they were given. A server with TLS and no
/// <see cref="CertificateFile"/> uses the self-signed certificate kept in its data folder (<see cref="ServerCertificate"/>);
/// a client trusts the system's roots, or only the certificates of <see cref="CaFile"/> (<see cref="ClientTrust"/>).
/// Validation is never turned off. Immutable and thread-safe.
/// </summary>
/// <param name="CertificateFile">The server's certificate (PEM), or null for the generated one.</param>
/// <param name="KeyFile">The server's private key (PEM), or null when <paramref name="CertificateFile"/> holds it too.</param>
/// <param name="CaFile">The certificates (PEM) a client trusts instead of the system's roots, or null.</param>
public sealed record TlsSettings(string? CertificateFile, string? KeyFile, string? CaFile)
{
    public const string TlsOption = "--tls";
    public const string CertOption = "--cert";
    public const string KeyOption = "--key";
    public const string CaOption = "--ca";

    /// <summary>The options a TLS-capable transport declares, in the order help lists them.</summary>
    public static IReadOnlyList<TransportOption> CommandLineOptions { get; } =
    [
        new(TlsOption, "encrypt with TLS. A server given no certificate file generates a self-signed one once and keeps it in its data folder (tls/server.crt); a client checks the server's certificate and name against this system's root certificates, or against the file it is given.")
        {
            IsFlag = true,
        },
        new(CertOption, "the server's certificate, a PEM file (implies --tls); its key in --key, or in the same file.")
        {
            IsFile = true,
            ServerOnly = true,
        },
        new(KeyOption, "the private key of --cert, a PEM file.")
        {
            IsFile = true,
            ServerOnly = true,
            Needs = [CertOption],
        },
        new(CaOption, "trust only the certificates in this PEM file (the server's self-signed tls/server.crt, or your CA's) to check the server (implies --tls).")
        {
            IsFile = true,
            ClientOnly = true,
        },
    ];

    /// <summary>
    /// The settings <paramref name="values"/> give (option name to the word typed, "true" for <c>--tls</c>), or null when
    /// they ask for no TLS. Files are read when a server starts or a client connects, not here.
    /// </summary>
    /// <exception cref="ArgumentException"><c>--key</c> without <c>--cert</c>, or an empty file name.</exception>
    public static TlsSettings? FromValues(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var cert = File(values, CertOption);
        var key = File(values, KeyOption);
        var ca = File(values, CaOption);
        if (key is not null && cert is null)
        {
            throw new ArgumentException($"{KeyOption} needs {CertOption}: the key of which certificate?");
        }

        var tls = values.TryGetValue(TlsOption, out var flag) && bool.TryParse(flag, out var on) && on;
        return tls || cert is not null || ca is not null ? new TlsSettings(cert, key, ca) : null;
    }

    /// <summary>The values that configure these settings again (<see cref="IRpcTransport.CommandLineValues"/>).</summary>
    public IReadOnlyDictionary<string, string> ToValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { [TlsOption] = "true" };
        if (CertificateFile is { } cert)
        {
            values[CertOption] = cert;
        }

        if (KeyFile is { } key)
        {
            values[KeyOption] = key;
        }

        if (CaFile is { } ca)
        {
            values[CaOption] = ca;
        }

        return values;
    }

    private static string? File(IReadOnlyDictionary<string, string> values, string option) =>
        !values.TryGetValue(option, out var path) ? null
        : string.IsNullOrWhiteSpace(path) ? throw new ArgumentException($"{option} needs a file name")
        : path;
}
