using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RpcLab.Transports.Security;

/// <summary>
/// How a TLS client checks the server: the system's roots, or with <c>--ca FILE</c> only the certificates in that file
/// (a self-signed server certificate is its own root). Either way the chain and the host name are checked; nothing here
/// turns validation off. Stateless and thread-safe.
/// </summary>
public static class ClientTrust
{
    /// <summary>The TLS options of a client of <paramref name="settings"/> (the host name checked is the one it connects to).</summary>
    /// <exception cref="ArgumentException">A <c>--ca</c> file that cannot be read or holds no certificate.</exception>
    public static SslClientAuthenticationOptions Options(TlsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SslClientAuthenticationOptions();
        if (settings.CaFile is { } ca)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(ReadCertificates(ca));
            options.CertificateChainPolicy = policy;
        }

        return options;
    }

    /// <summary>
    /// The sentence a client prints when the TLS handshake failed with <paramref name="failure"/> somewhere in its
    /// causes: what the check found and what to do; null when <paramref name="failure"/> is not about TLS.
    /// </summary>
    public static string? Explain(Exception? failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is AuthenticationException authentication)
            {
                return $"TLS handshake failed: {authentication.Message.TrimEnd('.')}. Without {TlsSettings.CaOption} a client trusts this system's root certificates only, " +
                    $"with {TlsSettings.CaOption} FILE only the certificates in FILE; for a server's self-signed certificate pass {TlsSettings.CaOption} with its file " +
                    $"(rpclab serve --tls prints it: <data>/{ServerCertificate.FolderName}/server.crt). Is the server started with --tls?";
            }
        }

        return null;
    }

    private static X509Certificate2Collection ReadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"could not read {TlsSettings.CaOption} {path}: {e.Message}", e);
        }

        return certificates.Count > 0 ? certificates : throw new ArgumentException($"{TlsSettings.CaOption} {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
}
