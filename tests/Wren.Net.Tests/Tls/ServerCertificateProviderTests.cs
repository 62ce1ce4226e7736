using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Wren.Net.Tls;

namespace Wren.Net.Tests.Tls;

public sealed class ServerCertificateProviderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private ServerCertificateProvider SelfSigned(string hostName = "mail.example.test", TimeProvider? time = null) =>
        new(new ServerCertificateOptions { HostName = hostName, SelfSignedDirectory = _directory.File("tls") }, time ?? TimeProvider.System);

    private static Task<SslStreamCertificateContext> Load(ServerCertificateProvider provider) => provider.LoadAsync(CancellationToken.None);

    [Fact]
    public async Task Creates_a_self_signed_server_certificate_and_saves_it_as_pem()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var certificate = (await Load(SelfSigned(time: time))).TargetCertificate;

        Assert.True(certificate.HasPrivateKey);
        Assert.True(certificate.MatchesHostname("mail.example.test"));
        Assert.False(certificate.MatchesHostname("other.example.test"));
        Assert.Equal(time.GetUtcNow().AddDays(365).UtcDateTime, certificate.NotAfter.ToUniversalTime()); // valid one year
        Assert.True(certificate.NotBefore.ToUniversalTime() <= time.GetUtcNow().UtcDateTime);
        var usage = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(usage.EnhancedKeyUsages.Cast<Oid>()).Value);
        Assert.Contains("BEGIN CERTIFICATE", File.ReadAllText(_directory.File($"tls/{ServerCertificateProvider.SelfSignedCertificateFile}")));
        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(_directory.File($"tls/{ServerCertificateProvider.SelfSignedKeyFile}")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(_directory.File($"tls/{ServerCertificateProvider.SelfSignedKeyFile}")));
        }
    }

    [Fact]
    public async Task Reuses_the_saved_self_signed_certificate()
    {
        var first = (await Load(SelfSigned())).TargetCertificate;
        var second = (await Load(SelfSigned())).TargetCertificate;

        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
    }

    [Fact]
    public async Task Replaces_the_self_signed_certificate_when_it_nears_expiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = (await Load(SelfSigned(time: time))).TargetCertificate;

        time.Advance(TimeSpan.FromDays(300));
        Assert.Equal(first.Thumbprint, (await Load(SelfSigned(time: time))).TargetCertificate.Thumbprint);

        time.Advance(TimeSpan.FromDays(60));
        Assert.NotEqual(first.Thumbprint, (await Load(SelfSigned(time: time))).TargetCertificate.Thumbprint);
    }

    [Fact]
    public async Task Replaces_the_self_signed_certificate_when_the_host_name_changes()
    {
        var first = (await Load(SelfSigned("a.example.test"))).TargetCertificate;
        var second = (await Load(SelfSigned("b.example.test"))).TargetCertificate;

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.True(second.MatchesHostname("b.example.test"));
    }

    [Fact]
    public async Task Replaces_an_unreadable_self_signed_certificate()
    {
        Directory.CreateDirectory(_directory.File("tls"));
        File.WriteAllText(_directory.File($"tls/{ServerCertificateProvider.SelfSignedCertificateFile}"), "garbage");
        File.WriteAllText(_directory.File($"tls/{ServerCertificateProvider.SelfSignedKeyFile}"), "garbage");

        var certificate = (await Load(SelfSigned())).TargetCertificate;

        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public async Task Self_signed_certificate_for_an_ip_address_names_it()
    {
        var certificate = (await Load(SelfSigned("192.0.2.7"))).TargetCertificate;

        Assert.True(certificate.MatchesHostname("192.0.2.7"));
    }

    [Fact]
    public async Task Self_signed_certificate_serves_a_real_tls_handshake()
    {
        var context = await Load(SelfSigned("localhost"));

        var result = await TlsLoopback.HandshakeAsync(context);

        Assert.Equal("ping\n", result.Echo);
        Assert.Equal(context.TargetCertificate.Thumbprint, result.ServerCertificateThumbprint);
        Assert.True(result.Protocol is SslProtocols.Tls12 or SslProtocols.Tls13);
    }

    [Fact]
    public async Task Tls12_clients_are_served()
    {
        var result = await TlsLoopback.HandshakeAsync(await Load(SelfSigned("localhost")), SslProtocols.Tls12);

        Assert.Equal(SslProtocols.Tls12, result.Protocol);
    }

    [Fact]
    public async Task Loads_pem_certificate_and_key_files()
    {
        using var original = CertificateFactory.Leaf("pem.example.test");
        File.WriteAllText(_directory.File("cert.pem"), original.ExportCertificatePem());
        File.WriteAllText(_directory.File("key.pem"), original.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var context = await Load(new ServerCertificateProvider(
            new ServerCertificateOptions { CertificatePath = _directory.File("cert.pem"), KeyPath = _directory.File("key.pem") },
            TimeProvider.System));

        Assert.Equal(original.Thumbprint, context.TargetCertificate.Thumbprint);
        Assert.True(context.TargetCertificate.HasPrivateKey);
        Assert.Equal(original.Thumbprint, (await TlsLoopback.HandshakeAsync(context)).ServerCertificateThumbprint);
    }

    [Fact]
    public async Task Loads_a_pem_file_holding_certificate_key_and_intermediate()
    {
        using var root = CertificateFactory.Authority("Test Root", issuer: null);
        using var intermediate = CertificateFactory.Authority("Test Intermediate", root);
        using var leaf = CertificateFactory.Leaf("chain.example.test", intermediate);
        File.WriteAllText(_directory.File("fullchain.pem"),
            leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n"
            + leaf.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        var context = await Load(new ServerCertificateProvider(
            new ServerCertificateOptions { CertificatePath = _directory.File("fullchain.pem") }, TimeProvider.System));

        Assert.Equal(leaf.Thumbprint, context.TargetCertificate.Thumbprint);
        Assert.Contains(context.IntermediateCertificates, c => c.Thumbprint == intermediate.Thumbprint);
        Assert.Equal("ping\n", (await TlsLoopback.HandshakeAsync(context)).Echo);
    }

    [Fact]
    public async Task Loads_a_password_protected_pkcs12_file()
    {
        using var original = CertificateFactory.Leaf("p12.example.test");
        File.WriteAllBytes(_directory.File("server.p12"), original.Export(X509ContentType.Pkcs12, "s3cret"));

        var context = await Load(new ServerCertificateProvider(
            new ServerCertificateOptions { Pkcs12Path = _directory.File("server.p12"), Pkcs12Password = "s3cret" },
            TimeProvider.System));

        Assert.Equal(original.Thumbprint, context.TargetCertificate.Thumbprint);
        Assert.Equal("ping\n", (await TlsLoopback.HandshakeAsync(context)).Echo);
    }

    [Fact]
    public async Task Wrong_pkcs12_password_is_reported()
    {
        using var original = CertificateFactory.Leaf("p12.example.test");
        File.WriteAllBytes(_directory.File("server.p12"), original.Export(X509ContentType.Pkcs12, "s3cret"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Load(new ServerCertificateProvider(
            new ServerCertificateOptions { Pkcs12Path = _directory.File("server.p12"), Pkcs12Password = "nope" },
            TimeProvider.System)));
    }

    [Fact]
    public async Task Pem_certificate_without_its_key_is_reported()
    {
        using var original = CertificateFactory.Leaf("pem.example.test");
        File.WriteAllText(_directory.File("cert.pem"), original.ExportCertificatePem());

        await Assert.ThrowsAsync<InvalidOperationException>(() => Load(new ServerCertificateProvider(
            new ServerCertificateOptions { CertificatePath = _directory.File("cert.pem") }, TimeProvider.System)));
    }

    [Fact]
    public async Task Missing_certificate_file_is_reported()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() => Load(new ServerCertificateProvider(
            new ServerCertificateOptions { CertificatePath = _directory.File("none.pem"), KeyPath = _directory.File("none.key") },
            TimeProvider.System)));
    }

    [Theory]
    [InlineData("cert.pem", null, "server.p12")]
    [InlineData(null, "key.pem", null)]
    public async Task Contradictory_configuration_is_reported(string? certificate, string? key, string? pkcs12)
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Load(new ServerCertificateProvider(
            new ServerCertificateOptions { CertificatePath = certificate, KeyPath = key, Pkcs12Path = pkcs12 }, TimeProvider.System)));
    }

    [Fact]
    public void Server_options_allow_tls_12_and_13_only()
    {
        using var certificate = CertificateFactory.Leaf("x.example.test");
        var options = ServerTlsOptions.Create(SslStreamCertificateContext.Create(certificate, null));

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.EnabledSslProtocols);
        Assert.False(options.ClientCertificateRequired);
        Assert.False(options.AllowRenegotiation);
    }
}

/// <summary>ECDSA test certificates, independent of the code under test.</summary>
internal static class CertificateFactory
{
    public static X509Certificate2 Leaf(string hostName, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        request.CertificateExtensions.Add(names.Build());
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notBefore.AddDays(30));
        }

        using var signed = request.Create(issuer, notBefore, notBefore.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    public static X509Certificate2 Authority(string name, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddDays(-2);
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notBefore.AddDays(60));
        }

        // Created a moment after its issuer (validity is kept in whole seconds): never outlive it.
        var notAfter = notBefore.AddDays(60);
        if (notAfter > issuer.NotAfter)
            notAfter = issuer.NotAfter;
        using var signed = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }
}
