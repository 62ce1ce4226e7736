using System.Security.Cryptography.X509Certificates;
using Wren.Delivery.Outbound.TlsPolicy;
using Wren.Mail.Dns;
using static Wren.Delivery.Tests.TlsPolicy.TestCertificates;

namespace Wren.Delivery.Tests.TlsPolicy;

public sealed class TlsaVerifierTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly string[] Names = ["mx.example.com"];

    private static TlsaVerification Verify(X509Certificate2 leaf, X509Certificate2[] chain, params TlsaRecord[] records) =>
        TlsaVerifier.Verify(records, leaf, chain, Names, Now);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    public void Dane_ee_matches_the_leaf_by_selector_and_matching_type(byte selector, byte matching)
    {
        X509Certificate2 leaf = SelfSigned("mx.example.com");
        TlsaVerification result = Verify(leaf, [], Tlsa(3, selector, matching, leaf));
        Assert.True(result.Matched, result.Reason);
        Assert.Equal($"certificate matches TLSA 3 {selector} {matching} (DANE-EE)", result.Reason);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public void Dane_ee_refuses_another_certificate(byte selector, byte matching)
    {
        X509Certificate2 leaf = SelfSigned("mx.example.com");
        X509Certificate2 other = SelfSigned("mx.example.com");
        TlsaVerification result = Verify(leaf, [], Tlsa(3, selector, matching, other));
        Assert.False(result.Matched);
        Assert.Equal("certificate does not match TLSA", result.Reason);
    }

    [Fact]
    public void Dane_ee_checks_neither_name_nor_expiry()
    {
        // RFC 7672 §3.1.1: the TLSA record alone authenticates the key.
        X509Certificate2 leaf = SelfSigned("anything.invalid", notAfter: DateTimeOffset.UtcNow.AddHours(-1));
        Assert.True(Verify(leaf, [], Tlsa(3, 1, 1, leaf)).Matched);
    }

    [Fact]
    public void Dane_ta_matches_a_root_the_server_sends()
    {
        X509Certificate2 root = Ca("Test Root");
        X509Certificate2 leaf = Leaf(root, null, "mx.example.com");
        TlsaVerification result = Verify(leaf, [root], Tlsa(2, 0, 1, root));
        Assert.True(result.Matched, result.Reason);
        Assert.Equal("chain matches TLSA 2 0 1 (DANE-TA)", result.Reason);
    }

    [Fact]
    public void Dane_ta_matches_an_intermediate_by_its_key()
    {
        X509Certificate2 root = Ca("Test Root");
        X509Certificate2 intermediate = Intermediate(root, "Test Intermediate");
        X509Certificate2 leaf = Leaf(intermediate, null, "mx.example.com");
        TlsaVerification result = Verify(leaf, [intermediate], Tlsa(2, 1, 1, intermediate));
        Assert.True(result.Matched, result.Reason);
    }

    [Fact]
    public void Dane_ta_needs_the_anchor_in_the_presented_chain()
    {
        X509Certificate2 root = Ca("Test Root");
        X509Certificate2 leaf = Leaf(root, null, "mx.example.com");
        Assert.False(Verify(leaf, [], Tlsa(2, 0, 1, root)).Matched);
    }

    [Fact]
    public void Dane_ta_checks_the_name()
    {
        X509Certificate2 root = Ca("Test Root");
        X509Certificate2 leaf = Leaf(root, null, "other.example.com");
        TlsaVerification result = Verify(leaf, [root], Tlsa(2, 0, 1, root));
        Assert.False(result.Matched);
        Assert.Equal("certificate name matches none of mx.example.com (DANE-TA)", result.Reason);
    }

    [Fact]
    public void Dane_ta_accepts_a_wildcard_name()
    {
        X509Certificate2 root = Ca("Test Root");
        X509Certificate2 leaf = Leaf(root, null, "*.example.com");
        Assert.True(Verify(leaf, [root], Tlsa(2, 0, 1, root)).Matched);
    }

    [Fact]
    public void Dane_ta_checks_expiry()
    {
        X509Certificate2 root = Ca("Test Root");
        X509Certificate2 leaf = Leaf(root, DateTimeOffset.UtcNow.AddHours(-1), "mx.example.com");
        TlsaVerification result = Verify(leaf, [root], Tlsa(2, 0, 1, root));
        Assert.False(result.Matched);
        Assert.Contains("does not verify", result.Reason);
    }

    [Fact]
    public void Dane_ta_refuses_a_leaf_signed_by_an_impostor_with_the_anchors_name()
    {
        X509Certificate2 root = Ca("Test Root");
        X509Certificate2 impostor = Ca("Test Root"); // same subject, another key
        X509Certificate2 leaf = Leaf(impostor, null, "mx.example.com");
        Assert.False(Verify(leaf, [root], Tlsa(2, 0, 1, root)).Matched);
    }

    [Fact]
    public void Pkix_usages_are_unusable_even_when_they_match()
    {
        // RFC 7672 §3.1.3: PKIX-TA(0) and PKIX-EE(1) are not used for SMTP.
        X509Certificate2 leaf = SelfSigned("mx.example.com");
        TlsaVerification result = Verify(leaf, [], Tlsa(1, 1, 1, leaf), Tlsa(0, 0, 1, leaf));
        Assert.False(result.Matched);
        Assert.Equal("no usable TLSA record", result.Reason);
    }

    [Fact]
    public void Unknown_parameters_are_ignored_and_usable_records_still_count()
    {
        X509Certificate2 leaf = SelfSigned("mx.example.com");
        TlsaRecord good = Tlsa(3, 1, 1, leaf);
        Assert.False(TlsaVerifier.IsUsable(good with { Selector = 2 }));
        Assert.False(TlsaVerifier.IsUsable(good with { MatchingType = 3 }));
        Assert.False(TlsaVerifier.IsUsable(good with { Usage = 4 }));
        Assert.False(TlsaVerifier.IsUsable(good with { Data = good.Data[..31] })); // SHA-256 is 32 bytes
        Assert.False(TlsaVerifier.IsUsable(good with { Usage = 1 }));
        Assert.True(TlsaVerifier.IsUsable(good));
        Assert.True(Verify(leaf, [], good with { Selector = 2 }, good).Matched);
    }
}
