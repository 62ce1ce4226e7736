using System.Text;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Wren.MailAuth.Arc;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Arc;

/// <summary>Seal with <see cref="ArcSealer"/>, validate with <see cref="ArcChainVerifier"/>: hops, tampering, malformed fields, DNS.</summary>
public sealed class ArcRoundTripTests
{
    private const string Original =
        "From: Alice <alice@origin.test>\r\n" +
        "To: list@lists.test\r\n" +
        "Subject: Round trip\r\n" +
        "Date: Mon, 3 Nov 2025 10:00:00 +0000\r\n" +
        "Message-ID: <rt@origin.test>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        "Hello,  list.\t \r\n" +
        "\r\n" +
        "Bye.\r\n\r\n\r\n";

    private static readonly Lazy<AsymmetricCipherKeyPair> KeyA = new(() => NewKey(2048));
    private static readonly Lazy<AsymmetricCipherKeyPair> KeyB = new(() => NewKey(1024));

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_762_164_000));
    private readonly FakeDnsResolver _dns = new();

    public ArcRoundTripTests()
    {
        Publish("sel1", "lists.test", KeyA.Value);
        Publish("sel2", "relay.test", KeyB.Value);
    }

    [Fact]
    public async Task One_hop_passes_and_leaves_the_original_bytes_untouched()
    {
        (string sealedText, ArcSealResult seal) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);

        Assert.True(seal.Sealed);
        Assert.Equal(1, seal.Instance);
        Assert.Equal(ArcVerdict.None, seal.ChainValidation);
        Assert.EndsWith(Original, sealedText, StringComparison.Ordinal);
        Assert.StartsWith("ARC-Seal: i=1; a=rsa-sha256; t=1762164000; cv=none; d=lists.test; s=sel1;", seal.HeaderFields, StringComparison.Ordinal);
        ArcResult result = await VerifyAsync(sealedText);
        Assert.Equal(new ArcResult(ArcVerdict.Pass, 1, 0), result);
    }

    [Fact]
    public async Task Two_hops_pass()
    {
        (string hop1, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);
        ArcResult arrival = await VerifyAsync(hop1);
        (string hop2, ArcSealResult seal2) = await SealAsync(hop1, "relay.test", "sel2", KeyB.Value, arrival.Verdict);

        Assert.Equal(2, seal2.Instance);
        Assert.Equal(ArcVerdict.Pass, seal2.ChainValidation);
        ArcResult result = await VerifyAsync(hop2);
        Assert.Equal(ArcVerdict.Pass, result.Verdict);
        Assert.Equal(2, result.Instances);
        Assert.Equal(0, result.OldestPassingInstance);
    }

    [Fact]
    public async Task A_changed_body_byte_fails()
    {
        (string sealedText, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);

        ArcResult result = await VerifyAsync(sealedText.Replace("Bye.", "Bye!", StringComparison.Ordinal));

        Assert.Equal(ArcVerdict.Fail, result.Verdict);
        Assert.Contains("ARC-Message-Signature i=1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_whitespace_and_trailing_empty_lines_do_not_matter_relaxed()
    {
        (string sealedText, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);

        string reformatted = sealedText.Replace("Hello,  list.\t \r\n", "Hello, list.\r\n", StringComparison.Ordinal) + "\r\n\r\n";

        Assert.Equal(ArcVerdict.Pass, (await VerifyAsync(reformatted)).Verdict);
    }

    [Fact]
    public async Task Body_changed_after_the_first_hop_gives_oldest_pass_two()
    {
        (string hop1, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);
        // The second hop rewrites the body (a list footer) and seals what it forwards.
        string modified = hop1.Replace("Bye.\r\n", "Bye.\r\n-- \r\nlist footer\r\n", StringComparison.Ordinal);
        (string hop2, _) = await SealAsync(modified, "relay.test", "sel2", KeyB.Value, ArcVerdict.Pass);

        ArcResult result = await VerifyAsync(hop2);

        Assert.Equal(ArcVerdict.Pass, result.Verdict);
        Assert.Equal(2, result.OldestPassingInstance); // RFC 8617 §5.2 step 5: AMS 1 fails, so M+1 = 2
    }

    [Fact]
    public async Task A_failed_chain_is_sealed_with_cv_fail_and_then_left_alone()
    {
        (string hop1, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);
        string broken = hop1.Replace("Bye.", "Bye!", StringComparison.Ordinal);
        ArcResult arrival = await VerifyAsync(broken);
        Assert.Equal(ArcVerdict.Fail, arrival.Verdict);

        (string hop2, ArcSealResult seal2) = await SealAsync(broken, "relay.test", "sel2", KeyB.Value, arrival.Verdict);
        Assert.Equal(ArcVerdict.Fail, seal2.ChainValidation);
        Assert.Contains("cv=fail", seal2.HeaderFields, StringComparison.Ordinal);
        Assert.Equal(ArcVerdict.Fail, (await VerifyAsync(hop2)).Verdict);

        // RFC 8617 §5.1 step 2: no set is added once the newest seal says cv=fail.
        (_, ArcSealResult seal3) = await SealAsync(hop2, "lists.test", "sel1", KeyA.Value, ArcVerdict.Fail);
        Assert.False(seal3.Sealed);
        Assert.Equal("", seal3.HeaderFields);
    }

    [Theory]
    [InlineData("ARC-Seal: i=1; a=rsa-sha256; cv=none; d=lists.test; s=sel1; b=;;\r\n")]
    [InlineData("ARC-Seal: garbage\r\n")]
    [InlineData("ARC-Seal: i=1; i=1; a=rsa-sha256; cv=none; d=lists.test; s=sel1; b=AAAA\r\n")]
    [InlineData("ARC-Message-Signature: i=1; a=rsa-sha256; b=%%%; bh=AAAA; d=lists.test; h=from; s=sel1\r\n")]
    [InlineData("ARC-Authentication-Results: i=x; lists.test; none\r\n")]
    [InlineData("ARC-Seal: i=51; a=rsa-sha256; cv=pass; d=lists.test; s=sel1; b=AAAA\r\n")]
    [InlineData("ARC-Seal: i=2; a=rsa-sha256; cv=pass; d=lists.test; s=sel1; b=AAAA\r\n")]
    [InlineData("ARC-Seal: i=1; a=rsa-sha256; cv=none; d=lists.test; s=sel1; t=1; h=from; b=AAAA\r\n")]
    [InlineData("ARC-Seal: i=1; a=rsa-sha256; cv=pass; d=lists.test; s=sel1; b=AAAA\r\nARC-Message-Signature: i=1; a=rsa-sha256; b=AAAA; bh=AAAA; d=lists.test; h=from; s=sel1\r\nARC-Authentication-Results: i=1; lists.test; none\r\n")]
    [InlineData("ARC-Seal: i=1; a=rsa-sha256; cv=none; d=lists.test; s=nokey; b=AAAA\r\nARC-Message-Signature: i=1; a=rsa-sha256; b=AAAA; bh=AAAA; d=lists.test; h=from; s=nokey\r\nARC-Authentication-Results: i=1; lists.test; none\r\n")]
    [InlineData("ARC-Seal: \u00ff\u0000\r\n")]
    public async Task Malformed_fields_fail_without_an_exception(string fields)
    {
        ArcResult result = await VerifyAsync(fields + Original);

        Assert.Equal(ArcVerdict.Fail, result.Verdict);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public async Task Malformed_fields_added_to_a_good_chain_fail()
    {
        (string sealedText, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);

        ArcResult result = await VerifyAsync("ARC-Authentication-Results: i=1; lists.test; spf=pass\r\n" + sealedText);

        Assert.Equal(ArcVerdict.Fail, result.Verdict);
        Assert.Contains("two ARC-Authentication-Results", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_fifty_sets_fail()
    {
        var fields = new StringBuilder();
        for (int i = 51; i >= 1; i--)
        {
            fields.Append($"ARC-Seal: i={i}; a=rsa-sha256; cv={(i == 1 ? "none" : "pass")}; d=lists.test; s=sel1; b=AAAA\r\n");
            fields.Append($"ARC-Message-Signature: i={i}; a=rsa-sha256; b=AAAA; bh=AAAA; d=lists.test; h=from; s=sel1\r\n");
            fields.Append($"ARC-Authentication-Results: i={i}; lists.test; none\r\n");
        }

        ArcResult result = await VerifyAsync(fields + Original);

        Assert.Equal(ArcVerdict.Fail, result.Verdict);
        Assert.Equal(0, _dns.QueryCount); // structure is checked before any key is fetched
    }

    [Fact]
    public async Task A_temporary_dns_failure_fails_with_the_temperror_flag()
    {
        (string sealedText, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);
        _dns.Fail("sel1._domainkey.lists.test");

        ArcResult result = await VerifyAsync(sealedText);

        Assert.Equal(ArcVerdict.Fail, result.Verdict);
        Assert.True(result.TemporaryError);
        Assert.StartsWith("temperror", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_fails_without_the_temperror_flag()
    {
        (string sealedText, _) = await SealAsync(Original, "lists.test", "sel1", KeyA.Value);
        _dns.Remove("sel1._domainkey.lists.test");

        ArcResult result = await VerifyAsync(sealedText);

        Assert.Equal(ArcVerdict.Fail, result.Verdict);
        Assert.False(result.TemporaryError);
    }

    [Fact]
    public async Task No_arc_fields_is_none()
    {
        Assert.Equal(new ArcResult(ArcVerdict.None, 0), await VerifyAsync(Original));
    }

    [Fact]
    public async Task A_pkcs8_pem_key_seals()
    {
        string pem = Pkcs8Pem(KeyA.Value.Private);
        Assert.Contains("BEGIN PRIVATE KEY", pem, StringComparison.Ordinal);
        var sealer = new ArcSealer("lists.test", "sel1", pem, _clock);
        MimeMessage message = Parse(Original);

        ArcSealResult seal = await sealer.SealAsync(message, "lists.test; arc=none; spf=pass smtp.mailfrom=origin.test", ArcVerdict.None);

        Assert.Equal(ArcVerdict.Pass, (await VerifyAsync(seal.HeaderFields + Original)).Verdict);
    }

    [Fact]
    public void Keys_that_arc_cannot_use_are_refused()
    {
        var ed25519 = new Ed25519PrivateKeyParameters(new SecureRandom());
        Assert.Throws<NotSupportedException>(() => new ArcSealer("lists.test", "s", ed25519));
        Assert.Throws<ArgumentException>(() => new ArcSealer("lists.test", "s", KeyA.Value.Public));
        Assert.Throws<ArgumentException>(() => new ArcSealer("lists.test", "s", NewKey(512).Private));
        Assert.Throws<ArgumentException>(() => new ArcSealer("lists.test", "s", "not a pem"));
        Assert.Throws<ArgumentException>(() => new ArcSealer("lists.test", "s", KeyA.Value.Private) { SignedHeaders = ["to", "subject"] });
        Assert.Throws<ArgumentException>(() => new ArcSealer("lists.test", "s", KeyA.Value.Private) { SignedHeaders = ["from", "arc-seal"] });
    }

    [Fact]
    public void Aar_payload_combines_this_hosts_results_only()
    {
        MimeMessage message = Parse(
            "Authentication-Results: lists.test; arc=none\r\n" +
            "Authentication-Results: other.test; spf=fail\r\n" +
            "Authentication-Results: LISTS.test; dkim=pass (good; key) header.d=origin.test; dmarc=pass\r\n" + Original);

        Assert.Equal("lists.test; arc=none;\r\n dkim=pass (good; key) header.d=origin.test;\r\n dmarc=pass",
            ArcAuthenticationResults.Combine(message, "lists.test"));
        Assert.Null(ArcAuthenticationResults.Combine(message, "absent.test"));
    }

    private async Task<(string Text, ArcSealResult Seal)> SealAsync(string text, string domain, string selector,
        AsymmetricCipherKeyPair key, ArcVerdict arrival = ArcVerdict.None)
    {
        var sealer = new ArcSealer(domain, selector, key.Private, _clock);
        ArcSealResult seal = await sealer.SealAsync(Parse(text), domain + "; arc=" + arrival.ToString().ToLowerInvariant(), arrival,
            TestContext.Cancellation);
        return (seal.HeaderFields + text, seal);
    }

    private Task<ArcResult> VerifyAsync(string text) =>
        new ArcChainVerifier(_dns).VerifyAsync(Parse(text), TestContext.Cancellation);

    private static MimeMessage Parse(string text) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private void Publish(string selector, string domain, AsymmetricCipherKeyPair key)
    {
        byte[] spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public).GetDerEncoded();
        _dns.AddTxt($"{selector}._domainkey.{domain}", ArcSuite.Chunk("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(spki)));
    }

    private static AsymmetricCipherKeyPair NewKey(int bits)
    {
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(Org.BouncyCastle.Math.BigInteger.ValueOf(65537), new SecureRandom(), bits, 80));
        return generator.GenerateKeyPair();
    }

    private static string Pkcs8Pem(AsymmetricKeyParameter key)
    {
        var text = new StringWriter();
        using (var writer = new PemWriter(text))
            writer.WriteObject(new Org.BouncyCastle.Utilities.IO.Pem.PemObject("PRIVATE KEY",
                PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded()));
        return text.ToString();
    }
}
