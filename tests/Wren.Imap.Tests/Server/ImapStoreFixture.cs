using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wren.Mail.Addresses;
using Wren.Net.Sasl;
using Wren.Net.Tls;
using Wren.Store.Accounts;
using Wren.Store.Sqlite;

namespace Wren.Imap.Tests.Server;

/// <summary>One store with one user, and a self-signed certificate, shared by the tests of a class.</summary>
public sealed class ImapStoreFixture : IAsyncLifetime
{
    public const string User = "alice@example.test";
    public const string Password = "correct horse battery staple";
    public const string Hostname = "imap.test";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wren-imap-tests", Guid.NewGuid().ToString("N"));
    private X509Certificate2? _certificate;

    public SqliteStore Store { get; private set; } = null!;

    public SslServerAuthenticationOptions Tls { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = await SqliteStore.OpenAsync(_folder);
        await Store.Accounts.AddDomainAsync("example.test");
        ScramKeys keys = ScramKeyDerivation.Derive(Password, 4096);
        await Store.Accounts.AddUserAsync(EmailAddress.Parse(User), new UserCredential(keys.Salt, keys.Iterations, keys.StoredKey, keys.ServerKey));
        _certificate = CreateCertificate();
        Tls = ServerTlsOptions.Create(SslStreamCertificateContext.Create(_certificate, null));
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _certificate?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + Hostname, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(Hostname);
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // A certificate with an exportable key, as SslStream on Linux wants.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
