using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RpcLab.Transports.Security;

/// <summary>
/// The certificate a TLS server presents: the one of <c>--cert</c>/<c>--key</c>, or a self-signed one generated on the
/// first start and kept in the data folder (<c>tls/server.crt</c>, its key beside it readable by the owner only), so a
/// restart presents the same certificate and a client's <c>--ca tls/server.crt</c> keeps working. The generated one names
/// localhost, 127.0.0.1, ::1 and this machine's host name, and is replaced only when it has expired. Immutable.
/// </summary>
public sealed class ServerCertificate
{
    /// <summary>The folder of the generated certificate, under the data folder.</summary>
    public const string FolderName = "tls";

    private const string CertificateFileName = "server.crt";
    private const string KeyFileName = "server.key";

    /// <summary>How long a generated certificate is valid.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>Replaced this long before it expires, so a server started today still has a certificate tomorrow.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(1);

    private ServerCertificate(X509Certificate2 certificate, string path, string origin)
    {
        Certificate = certificate;
        Path = path;
        Origin = origin;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate's file: what a client passes as <c>--ca</c> for a self-signed one.</summary>
    public string Path { get; }

    /// <summary>"self-signed, generated now", "self-signed, kept from an earlier start" or "from --cert".</summary>
    public string Origin { get; }

    /// <summary>The SHA-256 fingerprint, as openssl prints it (AB:CD:...), for comparing what a client sees.</summary>
    public string Fingerprint => Convert.ToHexString(Certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => $"{a}:{b}");

    /// <summary>What <c>serve</c> prints: the file, where it comes from and its fingerprint.</summary>
    public string Describe() => $"TLS with {Path} ({Origin}; SHA-256 {Fingerprint})";

    /// <summary>The certificate <paramref name="settings"/> name, or the generated one of <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="ArgumentException">A file that cannot be read as a PEM certificate and key, or no data folder for a generated one; the message says which.</exception>
    public static ServerCertificate Load(TlsSettings settings, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.CertificateFile is { } cert)
        {
            return new ServerCertificate(ReadPem(cert, settings.KeyFile, $"{TlsSettings.CertOption}/{TlsSettings.KeyOption}"), System.IO.Path.GetFullPath(cert), $"from {TlsSettings.CertOption}");
        }

        if (dataDirectory is null)
        {
            throw new ArgumentException($"{TlsSettings.TlsOption} without {TlsSettings.CertOption} needs a data folder to keep its self-signed certificate in");
        }

        return LoadOrCreate(System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FolderName));
    }

    private static ServerCertificate LoadOrCreate(string folder)
    {
        var certPath = System.IO.Path.Combine(folder, CertificateFileName);
        var keyPath = System.IO.Path.Combine(folder, KeyFileName);
        if (File.Exists(certPath))
        {
            var kept = ReadPem(certPath, keyPath, $"the generated certificate (delete {folder} to generate a new one)");
            if (kept.NotAfter.ToUniversalTime() - DateTime.UtcNow > RenewBefore)
            {
                return new ServerCertificate(kept, certPath, "self-signed, kept from an earlier start");
            }

            kept.Dispose();
            return Create(folder, certPath, keyPath, "self-signed, generated now: the previous one had expired, so clients need this file as --ca again");
        }

        return Create(folder, certPath, keyPath, "self-signed, generated now");
    }

    private static ServerCertificate Create(string folder, string certPath, string keyPath, string origin)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=rpclab server", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (Dns.GetHostName() is { Length: > 0 } machine && !string.Equals(machine, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName(machine);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);

        // The key first and the certificate last, each renamed into place whole: a certificate file is only ever seen
        // with its key beside it, even by a second server starting on the same folder at the same moment.
        WriteWhole(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteWhole(certPath, created.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return new ServerCertificate(ReadPem(certPath, keyPath, "the certificate just generated"), certPath, origin);
    }

    private static void WriteWhole(string path, string text, UnixFileMode mode)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static X509Certificate2 ReadPem(string certPath, string? keyPath, string what)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"could not read {what} from {certPath}{(keyPath is null ? "" : $" and {keyPath}")}: {e.Message}", e);
        }
    }
}
