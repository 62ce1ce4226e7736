namespace Wren.Net.Tls;

/// <summary>
/// Where the server's TLS certificate comes from (bound from the <c>Tls</c> configuration section). Set
/// either <see cref="CertificatePath"/> (PEM, with <see cref="KeyPath"/>) or <see cref="Pkcs12Path"/>; with
/// neither, a self-signed certificate for <see cref="HostName"/> is created once in
/// <see cref="SelfSignedDirectory"/> and reused across restarts.
/// </summary>
public sealed class ServerCertificateOptions
{
    /// <summary>PEM certificate file; the server certificate first, then any intermediates (a "fullchain").</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key file (PKCS#8, PKCS#1 or SEC1, unencrypted); when null, the key is read from <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>PKCS#12 (.pfx/.p12) file holding the certificate with its key and optionally intermediates.</summary>
    public string? Pkcs12Path { get; set; }

    /// <summary>Password of <see cref="Pkcs12Path"/>, or null when it has none.</summary>
    public string? Pkcs12Password { get; set; }

    /// <summary>The host name the self-signed certificate is made for (its subject alternative name).</summary>
    public string HostName { get; set; } = "localhost";

    /// <summary>Folder where the self-signed certificate and key are kept as PEM files.</summary>
    public string SelfSignedDirectory { get; set; } = Path.Combine("data", "tls");
}
