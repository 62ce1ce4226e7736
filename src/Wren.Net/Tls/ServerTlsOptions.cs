using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Wren.Net.Tls;

/// <summary>The TLS settings every Wren listener uses (implicit TLS and STARTTLS alike).</summary>
public static class ServerTlsOptions
{
    /// <summary>TLS 1.2 and 1.3 only (RFC 8996 deprecates TLS 1.0 and 1.1; RFC 8314 §4.1 asks for current TLS).</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Options for one <see cref="SslStream.AuthenticateAsServerAsync(SslServerAuthenticationOptions, CancellationToken)"/> call.</summary>
    /// <param name="certificate">The server certificate and its chain, as <see cref="ServerCertificateProvider"/> loads it.</param>
    public static SslServerAuthenticationOptions Create(SslStreamCertificateContext certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate,
            EnabledSslProtocols = Protocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
        };
    }
}
