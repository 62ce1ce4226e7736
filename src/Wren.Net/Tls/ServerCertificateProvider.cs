using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wren.Net.Tls;

/// <summary>
/// Loads the server's TLS certificate as <see cref="ServerCertificateOptions"/> say: PEM files, a PKCS#12
/// file, or else a self-signed certificate kept as PEM in a folder, created when missing, expiring soon
/// or made for another host name.
/// </summary>
public sealed partial class ServerCertificateProvider
{
    /// <summary>File name of the self-signed certificate inside <see cref="ServerCertificateOptions.SelfSignedDirectory"/>.</summary>
    public const string SelfSignedCertificateFile = "self-signed.crt.pem";

    /// <summary>File name of the self-signed certificate's private key inside <see cref="ServerCertificateOptions.SelfSignedDirectory"/>.</summary>
    public const string SelfSignedKeyFile = "self-signed.key.pem";

    /// <summary>A self-signed certificate this close to expiry is replaced.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    private readonly ServerCertificateOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a provider.</summary>
    /// <param name="options">Where the certificate comes from.</param>
    /// <param name="timeProvider">Clock for expiry checks and new certificates' validity.</param>
    /// <param name="logger">Logs which certificate is used; none when null.</param>
    public ServerCertificateProvider(ServerCertificateOptions options, TimeProvider timeProvider, ILogger<ServerCertificateProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Loads (or creates) the certificate and builds its chain for <see cref="SslStream"/>.</summary>
    /// <exception cref="InvalidOperationException">The configuration is contradictory, or the configured files cannot be used.</exception>
    public async Task<SslStreamCertificateContext> LoadAsync(CancellationToken cancellationToken)
    {
        var (certificate, intermediates) = await LoadCertificateAsync(cancellationToken).ConfigureAwait(false);
        if (certificate.NotAfter.ToUniversalTime() <= _timeProvider.GetUtcNow().UtcDateTime)
        {
            LogExpired(certificate.Subject, certificate.NotAfter);
        }

        // offline: never fetch missing intermediates from the network (AIA) at startup.
        return SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
    }

    private async Task<(X509Certificate2 Certificate, X509Certificate2Collection Intermediates)> LoadCertificateAsync(
        CancellationToken cancellationToken)
    {
        var pem = !string.IsNullOrEmpty(_options.CertificatePath);
        var pkcs12 = !string.IsNullOrEmpty(_options.Pkcs12Path);
        if (pem && pkcs12)
        {
            throw new InvalidOperationException("Configure either a PEM certificate or a PKCS#12 file for TLS, not both.");
        }

        if (!pem && !string.IsNullOrEmpty(_options.KeyPath))
        {
            throw new InvalidOperationException("A TLS key file is configured without its certificate file.");
        }

        if (pem)
        {
            return await LoadPemAsync(_options.CertificatePath!, _options.KeyPath, cancellationToken).ConfigureAwait(false);
        }

        if (pkcs12)
        {
            return await LoadPkcs12Async(_options.Pkcs12Path!, _options.Pkcs12Password, cancellationToken).ConfigureAwait(false);
        }

        return (await LoadOrCreateSelfSignedAsync(cancellationToken).ConfigureAwait(false), []);
    }

    private async Task<(X509Certificate2, X509Certificate2Collection)> LoadPemAsync(
        string certificatePath, string? keyPath, CancellationToken cancellationToken)
    {
        var certificatePem = await File.ReadAllTextAsync(certificatePath, cancellationToken).ConfigureAwait(false);
        var keyPem = keyPath is null
            ? certificatePem
            : await File.ReadAllTextAsync(keyPath, cancellationToken).ConfigureAwait(false);

        X509Certificate2 certificate;
        var chain = new X509Certificate2Collection();
        try
        {
            // The first CERTIFICATE block is the server's; the rest are intermediates (a "fullchain" file).
            certificate = UsableBySslStream(X509Certificate2.CreateFromPem(certificatePem, keyPem));
            chain.ImportFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"Cannot load the TLS certificate {certificatePath} with key {keyPath ?? certificatePath}: {e.Message}", e);
        }

        var intermediates = new X509Certificate2Collection();
        foreach (var other in chain)
        {
            if (other.Thumbprint == certificate.Thumbprint)
            {
                other.Dispose();
            }
            else
            {
                intermediates.Add(other);
            }
        }

        LogLoaded("PEM", certificatePath, certificate.Subject, certificate.NotAfter);
        return (certificate, intermediates);
    }

    private async Task<(X509Certificate2, X509Certificate2Collection)> LoadPkcs12Async(
        string path, string? password, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(bytes, password);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"Cannot load the TLS PKCS#12 file {path} (wrong password?): {e.Message}", e);
        }

        // The certificate with a private key is the server's; the others are its chain.
        var certificate = all.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new InvalidOperationException($"The TLS PKCS#12 file {path} holds no certificate with a private key.");
        var intermediates = new X509Certificate2Collection();
        foreach (var other in all)
        {
            if (!ReferenceEquals(other, certificate))
            {
                intermediates.Add(other);
            }
        }

        LogLoaded("PKCS#12", path, certificate.Subject, certificate.NotAfter);
        return (certificate, intermediates);
    }

    private async Task<X509Certificate2> LoadOrCreateSelfSignedAsync(CancellationToken cancellationToken)
    {
        var hostName = _options.HostName;
        if (string.IsNullOrWhiteSpace(hostName))
        {
            throw new InvalidOperationException("A host name is needed to create a self-signed TLS certificate.");
        }

        var directory = _options.SelfSignedDirectory;
        var certificatePath = Path.Combine(directory, SelfSignedCertificateFile);
        var keyPath = Path.Combine(directory, SelfSignedKeyFile);
        var now = _timeProvider.GetUtcNow();

        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = await TryLoadSelfSignedAsync(certificatePath, keyPath, cancellationToken).ConfigureAwait(false);
            if (existing is not null
                && existing.NotAfter.ToUniversalTime() - RenewBefore > now.UtcDateTime
                && existing.MatchesHostname(hostName))
            {
                LogLoaded("self-signed", certificatePath, existing.Subject, existing.NotAfter);
                return existing;
            }

            existing?.Dispose();
        }

        using var created = SelfSignedCertificate.Create(hostName, now);
        Directory.CreateDirectory(directory);
        using (var key = created.GetRSAPrivateKey()!)
        {
            // The key first, readable by the owner only; then the certificate. A crash in between leaves a
            // pair that does not load, and the next start creates a new one.
            await WriteAtomicallyAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), secret: true, cancellationToken).ConfigureAwait(false);
        }

        await WriteAtomicallyAsync(certificatePath, created.ExportCertificatePem(), secret: false, cancellationToken).ConfigureAwait(false);
        LogCreated(hostName, certificatePath, created.NotAfter);
        return UsableBySslStream(created);
    }

    private async Task<X509Certificate2?> TryLoadSelfSignedAsync(string certificatePath, string keyPath, CancellationToken cancellationToken)
    {
        try
        {
            var certificatePem = await File.ReadAllTextAsync(certificatePath, cancellationToken).ConfigureAwait(false);
            var keyPem = await File.ReadAllTextAsync(keyPath, cancellationToken).ConfigureAwait(false);
            return UsableBySslStream(X509Certificate2.CreateFromPem(certificatePem, keyPem));
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            LogUnreadable(certificatePath, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Certificates made from PEM or by <see cref="CertificateRequest"/> carry an ephemeral key, which
    /// SslStream cannot always use as a server (Windows SChannel refuses it; platforms differ). A round trip
    /// through PKCS#12 gives a certificate whose key every platform's SslStream accepts.
    /// </summary>
    private static X509Certificate2 UsableBySslStream(X509Certificate2 certificate)
    {
        var pkcs12 = certificate.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pkcs12, password: null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs12);
            certificate.Dispose();
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string contents, bool secret, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        if (File.Exists(temporary))
        {
            File.Delete(temporary); // UnixCreateMode applies only to new files
        }

        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(contents.AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS certificate loaded from {Source} file {Path}: {Subject}, valid until {NotAfter:u}")]
    private partial void LogLoaded(string source, string path, string subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created a self-signed TLS certificate for {HostName} in {Path}, valid until {NotAfter:u}; configure a real certificate for production")]
    private partial void LogCreated(string hostName, string path, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The self-signed TLS certificate {Path} cannot be read ({Reason}); creating a new one")]
    private partial void LogUnreadable(string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The TLS certificate {Subject} expired at {NotAfter:u}; clients will reject it")]
    private partial void LogExpired(string subject, DateTime notAfter);
}
