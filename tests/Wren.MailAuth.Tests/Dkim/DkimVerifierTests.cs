using System.Text;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Wren.MailAuth.Dkim;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>The verifier's verdicts and reasons for broken signatures, key records and DNS (RFC 6376 §6.1).</summary>
public sealed class DkimVerifierTests : IDisposable
{
    private readonly TemporaryDataFolder _data = new();
    private readonly FakeDnsResolver _dns = new();

    public void Dispose() => _data.Dispose();

    private async Task<DkimResult> VerifySingleAsync(byte[] message, DkimVerifierOptions? options = null, DateTimeOffset? now = null)
    {
        var verifier = new DkimMessageVerifier(_dns, new FakeTimeProvider(now ?? SignedMessage.Now), options);
        return Assert.Single(await verifier.VerifyAsync(DkimTestMessages.Parse(message)));
    }

    private const string Valid = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=sel; h=from:to; bh=AAAA; b=AAAA";

    private static byte[] WithField(string value) => Encoding.ASCII.GetBytes("DKIM-Signature: " + value + "\r\n" + SignedMessage.Text);

    [Theory]
    [InlineData("v=1; a=rsa-sha256; d=example.test; s=sel; h=from; b=AAAA", "missing required tag bh=")]
    [InlineData("v=1; a=rsa-sha256; bh=AAAA; s=sel; h=from; b=AAAA", "missing required tag d=")]
    [InlineData("a=rsa-sha256; bh=AAAA; d=example.test; s=sel; h=from; b=AAAA", "missing required tag v=")]
    [InlineData(Valid + "; d=other.test", "duplicate tag d=")]
    [InlineData("v=1; a", "tag without '='")]
    [InlineData("v=1;; a=rsa-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA", "empty tag")]
    [InlineData("v=2; a=rsa-sha256; c=relaxed; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA", "incompatible version")]
    [InlineData("v=1; a=rsa-sha256; d=example.test; s=sel; h=from; bh=AAAA; b=not*base64", "not base64")]
    [InlineData(Valid + "; c=fancy/relaxed", "duplicate tag c=")]
    [InlineData("v=1; a=rsa-sha256; c=fancy; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA", "unknown canonicalization")]
    [InlineData(Valid + "; l=12x", "not a decimal number")]
    [InlineData(Valid + "; 1x=y", "invalid tag name")]
    public async Task Unreadable_signature_is_neutral(string field, string reason)
    {
        DkimResult result = await VerifySingleAsync(WithField(field));
        Assert.Equal(DkimVerdict.Neutral, result.Verdict);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _dns.QueryCount);
    }

    [Theory]
    [InlineData("v=1; a=rsa-sha256; d=example.test; s=sel; h=to:subject; bh=AAAA; b=AAAA", "From field not signed")]
    [InlineData(Valid + "; i=alice@other.test", "domain mismatch")]
    [InlineData(Valid + "; i=alice@notexample.test", "domain mismatch")]
    [InlineData("v=1; a=rsa-sha512; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA", "unknown signature algorithm")]
    [InlineData("v=1; a=rsa-sha1; d=example.test; s=sel; h=from; bh=AAAA; b=AAAA", "rsa-sha1")]
    [InlineData(Valid + "; q=http/well-known", "unsupported query method")]
    [InlineData(Valid + "; t=1700000000; x=1600000000", "x= is earlier than t=")]
    [InlineData(Valid + "; x=1600000000", "signature expired")]
    public async Task Signature_breaking_a_rule_is_permerror(string field, string reason)
    {
        DkimResult result = await VerifySingleAsync(WithField(field));
        Assert.Equal(DkimVerdict.PermError, result.Verdict);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Equal("example.test", result.Domain);
        Assert.Equal(0, _dns.QueryCount);
    }

    [Fact]
    public async Task Signed_message_passes_with_its_record()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record);
        DkimResult result = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.Pass, result.Verdict);
        Assert.Null(result.Reason);
        Assert.Equal(("example.test", "sel", "rsa-sha256"), (result.Domain, result.Selector, result.Algorithm));
        Assert.Equal(8, result.SignaturePrefix!.Length);
    }

    [Fact]
    public async Task Servfail_is_temperror()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        _dns.Fail(SignedMessage.RecordName);
        DkimResult result = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.TempError, result.Verdict);
        Assert.Contains("key unavailable", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nxdomain_and_nodata_are_permerror_no_key()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        DkimResult missing = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.PermError, missing.Verdict);
        Assert.Contains("no key for signature", missing.Reason, StringComparison.Ordinal);

        _dns.AddA(SignedMessage.RecordName, "192.0.2.1");
        DkimResult noData = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.PermError, noData.Verdict);
        Assert.Contains("no TXT record", noData.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v=DKIM1; k=rsa; p=", "key revoked")]
    [InlineData("v=DKIM1; k=rsa; p= ", "key revoked")]
    [InlineData("v=DKIM1; k=rsa; p=!!notbase64", "key syntax error")]
    [InlineData("v=DKIM1; k=rsa; p=AAAA", "key syntax error")]
    [InlineData("v=DKIM1; k=rsa", "key syntax error: no p=")]
    [InlineData("v=DKIM2; k=rsa; p=AAAA", "v= must be DKIM1")]
    [InlineData("k=rsa; v=DKIM1; p=AAAA", "v= must be DKIM1")]
    [InlineData("v=DKIM1; k=dsa; p=AAAA", "unknown key type k=dsa")]
    [InlineData("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "inappropriate key algorithm")]
    [InlineData("v=DKIM1; k=ed25519; p=AAAA", "an ed25519 key has 32 bytes")]
    [InlineData("v=DKIM1; g=*; k=ed25519-sha256; p=AAAA", "unknown key type")] // dkimpy's badk.txt
    [InlineData("v=DKIM1: g=*; k=rsa; p=AAAA", "key syntax error")] // dkimpy's badversion.txt
    public async Task Broken_or_unsuitable_key_record_is_permerror(string record, string reason)
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        _dns.AddTxt(SignedMessage.RecordName, record);
        DkimResult result = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.PermError, result.Verdict);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h=sha1; ", "inappropriate hash algorithm")]
    [InlineData("s=tlsrpt; ", "inappropriate service type")]
    public async Task Key_restrictions_are_enforced(string tags, string reason)
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record.Replace("k=rsa; ", "k=rsa; " + tags, StringComparison.Ordinal));
        DkimResult result = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.PermError, result.Verdict);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h=sha1:sha256; ")]
    [InlineData("s=email; ")]
    [InlineData("s=*; t=y; ")]
    [InlineData("t=s; ")] // i= absent: it is d= itself
    [InlineData("n=notes for humans; future=tag; ")] // unknown tags are ignored (RFC 6376 §3.6.1)
    public async Task Key_restrictions_that_allow_the_signature_pass(string tags)
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record.Replace("k=rsa; ", "k=rsa; " + tags, StringComparison.Ordinal));
        Assert.Equal(DkimVerdict.Pass, (await VerifySingleAsync(signed.Bytes)).Verdict);
    }

    [Fact]
    public async Task Another_key_is_a_signature_mismatch()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        using var other = new TemporaryDataFolder();
        DkimKey otherKey = await new DkimKeyStore(other.Path).GenerateAsync("example.test", "sel", DkimKeyAlgorithm.Rsa);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, otherKey.DnsRecord.Text);
        DkimResult result = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.Fail, result.Verdict);
        Assert.Equal("signature did not verify", result.Reason);
    }

    [Fact]
    public async Task Changed_body_is_a_body_hash_mismatch()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path, DkimKeyAlgorithm.Ed25519);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record);
        byte[] changed = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(signed.Bytes).Replace("Hello Bob.", "Hello Bob!", StringComparison.Ordinal));
        DkimResult result = await VerifySingleAsync(changed);
        Assert.Equal(DkimVerdict.Fail, result.Verdict);
        Assert.Equal("body hash did not verify", result.Reason);
    }

    [Fact]
    public async Task Several_txt_records_use_the_one_that_is_a_key()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        _dns.AddTxt(SignedMessage.RecordName, "google-site-verification=abc");
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record);
        Assert.Equal(DkimVerdict.Pass, (await VerifySingleAsync(signed.Bytes)).Verdict);
    }

    [Fact]
    public async Task Rsa_key_above_8192_bits_is_refused_unread()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        BigInteger modulus = BigInteger.One.ShiftLeft(8999).Add(BigInteger.One); // 9000 bits; never used
        var info = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.RsaEncryption, DerNull.Instance),
            new RsaPublicKeyStructure(modulus, BigInteger.ValueOf(65537)));
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(info.GetDerEncoded()));
        DkimResult result = await VerifySingleAsync(signed.Bytes);
        Assert.Equal(DkimVerdict.PermError, result.Verdict);
        Assert.Contains("9000 bits is larger than 8192", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rsa_key_under_1024_bits_is_policy_even_when_it_verifies()
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new KeyGenerationParameters(new SecureRandom(), 512));
        AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
        MimeMessage message = DkimTestMessages.Parse(SignedMessage.Text);
        new DkimSigner(pair.Private, "example.test", "sel", DkimSignatureAlgorithm.RsaSha256).Sign(message, ["From", "To", "Subject"]);
        byte[] bytes = ToBytes(message);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName,
            "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded()));

        DkimResult result = await VerifySingleAsync(bytes);
        Assert.Equal(DkimVerdict.Policy, result.Verdict);
        Assert.Contains("512 bits", result.Reason, StringComparison.Ordinal);
        Assert.Equal(DkimVerdict.Pass, (await VerifySingleAsync(bytes, new DkimVerifierOptions { MinimumRsaKeyBits = 512 })).Verdict);
    }

    [Fact]
    public async Task Strict_key_refuses_an_identity_in_a_subdomain()
    {
        using var keys = new TemporaryDataFolder();
        DkimKey key = await new DkimKeyStore(keys.Path).GenerateAsync("example.test", "sel", DkimKeyAlgorithm.Ed25519);
        MimeMessage message = DkimTestMessages.Parse(SignedMessage.Text);
        new DkimSigner(key.PrivateKey, "example.test", "sel", DkimSignatureAlgorithm.Ed25519Sha256) { AgentOrUserIdentifier = "@mail.example.test" }
            .Sign(message, ["From", "To", "Subject"]);
        byte[] bytes = ToBytes(message);

        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, key.DnsRecord.Text);
        Assert.Equal(DkimVerdict.Pass, (await VerifySingleAsync(bytes)).Verdict);

        _dns.Remove(SignedMessage.RecordName);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, key.DnsRecord.Text + "; t=s");
        DkimResult strict = await VerifySingleAsync(bytes);
        Assert.Equal(DkimVerdict.PermError, strict.Verdict);
        Assert.Contains("t=s", strict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_is_checked_against_the_clock()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path, options: new DkimSignerOptions { SignatureLifetime = TimeSpan.FromHours(1) });
        Assert.Contains("x=", Encoding.ASCII.GetString(signed.Bytes), StringComparison.Ordinal);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record);
        Assert.Equal(DkimVerdict.Pass, (await VerifySingleAsync(signed.Bytes, now: SignedMessage.Now.AddMinutes(59))).Verdict);
        DkimResult expired = await VerifySingleAsync(signed.Bytes, now: SignedMessage.Now.AddMinutes(61));
        Assert.Equal(DkimVerdict.PermError, expired.Verdict);
        Assert.Contains("signature expired", expired.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_most_five_signatures_are_verified_and_keys_are_fetched_once()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record);
        string text = Encoding.ASCII.GetString(signed.Bytes);
        string field = text[..text.IndexOf("From:", StringComparison.Ordinal)];
        byte[] sevenTimes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(field, 6)) + text);

        IReadOnlyList<DkimResult> results = await new DkimMessageVerifier(_dns, new FakeTimeProvider(SignedMessage.Now))
            .VerifyAsync(DkimTestMessages.Parse(sevenTimes));
        Assert.Equal(7, results.Count);
        Assert.All(results.Take(5), r => Assert.Equal(DkimVerdict.Pass, r.Verdict));
        Assert.All(results.Skip(5), r =>
        {
            Assert.Equal(DkimVerdict.Neutral, r.Verdict);
            Assert.Contains("more than 5 signatures", r.Reason, StringComparison.Ordinal);
            Assert.Equal("example.test", r.Domain);
        });
        Assert.Equal(1, _dns.QueryCount);
    }

    [Fact]
    public async Task Signature_bytes_of_the_wrong_length_fail_without_throwing()
    {
        SignedMessage signed = await SignedMessage.CreateAsync(_data.Path);
        DkimTestMessages.AddTxt(_dns, SignedMessage.RecordName, signed.Record);
        string text = Encoding.ASCII.GetString(signed.Bytes);
        int b = text.IndexOf("b=", text.IndexOf("bh=", StringComparison.Ordinal) + 3, StringComparison.Ordinal);
        int end = text.IndexOf("From:", StringComparison.Ordinal);
        Assert.True(b > 0 && b < end, text);
        byte[] broken = Encoding.ASCII.GetBytes(text[..b] + "b=AAAA\r\n" + text[end..]);
        DkimResult result = await VerifySingleAsync(broken);
        Assert.Equal(DkimVerdict.Fail, result.Verdict);
        Assert.Contains("signature did not verify", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Locator_for_MimeKit_throws_the_verdict()
    {
        _dns.Fail("a._domainkey.example.test");
        var locator = new DnsDkimPublicKeyLocator(_dns);
        var temp = await Assert.ThrowsAsync<DkimKeyException>(() => locator.LocatePublicKeyAsync("dns/txt", "example.test", "a"));
        Assert.Equal(DkimVerdict.TempError, temp.Verdict);
        var missing = await Assert.ThrowsAsync<DkimKeyException>(() => locator.LocatePublicKeyAsync("dns/txt", "example.test", "b"));
        Assert.Equal(DkimVerdict.PermError, missing.Verdict);
        DkimTestMessages.AddTxt(_dns, "c._domainkey.example.test", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        Assert.IsType<Ed25519PublicKeyParameters>(await locator.LocatePublicKeyAsync("dns/txt", "example.test", "c"));
    }

    private static byte[] ToBytes(MimeMessage message)
    {
        var output = new MemoryStream();
        FormatOptions format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, output);
        return output.ToArray();
    }
}
