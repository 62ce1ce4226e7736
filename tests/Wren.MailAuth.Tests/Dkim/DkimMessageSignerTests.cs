using System.Text;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Wren.MailAuth.Dkim;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>What the signer writes, which keys sign, and that the message itself is left alone.</summary>
public sealed class DkimMessageSignerTests : IDisposable
{
    private readonly TemporaryDataFolder _data = new();
    private readonly FakeTimeProvider _time = new(SignedMessage.Now);

    public void Dispose() => _data.Dispose();

    private const string Message =
        "From: Alice <alice@example.test>\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        "Subject: Hi\r\n" +
        "Received: from somewhere\r\n" +
        "List-Unsubscribe: <mailto:leave@example.test>\r\n" +
        "\r\n" +
        "Body.\r\n";

    [Fact]
    public async Task Dual_signs_ed25519_then_rsa_with_relaxed_canonicalization_and_the_clock()
    {
        var store = new DkimKeyStore(_data.Path);
        await store.GenerateAsync("example.test", "r1", DkimKeyAlgorithm.Rsa);
        await store.GenerateAsync("example.test", "e1", DkimKeyAlgorithm.Ed25519);
        string fields = await new DkimMessageSigner(store, _time).SignAsync(new MemoryStream(Encoding.ASCII.GetBytes(Message)), "example.test");

        string[] signatures = fields.Split("DKIM-Signature:", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, signatures.Length);
        Assert.Contains("a=ed25519-sha256", signatures[0], StringComparison.Ordinal);
        Assert.Contains("s=e1", signatures[0], StringComparison.Ordinal);
        Assert.Contains("a=rsa-sha256", signatures[1], StringComparison.Ordinal);
        Assert.All(signatures, s =>
        {
            Assert.Contains("c=relaxed/relaxed", s, StringComparison.Ordinal);
            Assert.Contains("d=example.test", s, StringComparison.Ordinal);
            Assert.Contains($"t={SignedMessage.Now.ToUnixTimeSeconds()}", s, StringComparison.Ordinal);
            Assert.DoesNotContain("x=", s, StringComparison.Ordinal);
        });
        Assert.EndsWith("\r\n", fields, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n\r\n", fields, StringComparison.Ordinal);
        Assert.Equal(fields.Split('\n').Length - 1, fields.Split("\r\n").Length - 1); // every line ends in CRLF
    }

    [Fact]
    public void Header_list_oversigns_and_skips_trace_fields()
    {
        IReadOnlyList<string> headers = DkimSignedHeaders.For(DkimTestMessages.Parse(Message));
        Assert.Equal(2, headers.Count(h => h == "From"));
        Assert.Equal(2, headers.Count(h => h == "Subject"));
        Assert.Equal(1, headers.Count(h => h == "Reply-To")); // absent, oversigned: none may be added
        Assert.Contains("List-Unsubscribe", headers);
        Assert.DoesNotContain("Received", headers);
        Assert.DoesNotContain("Message-ID", headers); // signed only when present
    }

    [Fact]
    public async Task The_message_is_left_byte_for_byte_as_it_was()
    {
        var store = new DkimKeyStore(_data.Path);
        DkimKey key = await store.GenerateAsync("example.test", "e1", DkimKeyAlgorithm.Ed25519);
        MimeMessage message = DkimTestMessages.Parse(Message);
        byte[] before = Serialize(message);
        string fields = new DkimMessageSigner(store, _time).Sign(message, [key]);
        Assert.NotEmpty(fields);
        Assert.Equal(before, Serialize(message));
        Assert.Equal(Encoding.ASCII.GetBytes(Message), before);

        // And the fields in front of the original bytes verify.
        var dns = new FakeDnsResolver();
        DkimTestMessages.AddTxt(dns, key.DnsRecord.Name, key.DnsRecord.Text);
        IReadOnlyList<DkimResult> results = await new DkimMessageVerifier(dns, _time)
            .VerifyAsync(DkimTestMessages.Parse(fields + Message));
        Assert.Equal(DkimVerdict.Pass, Assert.Single(results).Verdict);
    }

    [Fact]
    public async Task A_domain_without_keys_gets_no_signature()
    {
        string fields = await new DkimMessageSigner(new DkimKeyStore(_data.Path), _time).SignAsync(DkimTestMessages.Parse(Message), "example.test");
        Assert.Equal("", fields);
    }

    [Fact]
    public async Task A_message_without_from_cannot_be_signed()
    {
        var store = new DkimKeyStore(_data.Path);
        DkimKey key = await store.GenerateAsync("example.test", "e1", DkimKeyAlgorithm.Ed25519);
        Assert.Throws<ArgumentException>(() => new DkimMessageSigner(store, _time).Sign(DkimTestMessages.Parse("To: b@example.net\r\n\r\nx\r\n"), [key]));
    }

    [Fact]
    public async Task Rotation_a_new_key_takes_over_after_the_activation_delay()
    {
        var store = new DkimKeyStore(_data.Path);
        DkimKey old = await store.GenerateAsync("example.test", "2025", DkimKeyAlgorithm.Ed25519);
        File.SetLastWriteTimeUtc(old.Path, SignedMessage.Now.AddDays(-100).UtcDateTime);
        var signer = new DkimMessageSigner(store, _time);
        Assert.Equal(["2025"], (await signer.ActiveKeysAsync("example.test")).Select(k => k.Selector));

        DkimKey next = await store.GenerateAsync("example.test", "2026", DkimKeyAlgorithm.Ed25519);
        File.SetLastWriteTimeUtc(next.Path, SignedMessage.Now.AddHours(-1).UtcDateTime);
        Assert.Equal(["2025"], (await signer.ActiveKeysAsync("example.test")).Select(k => k.Selector)); // the record is still propagating

        _time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(["2026"], (await signer.ActiveKeysAsync("example.test")).Select(k => k.Selector));

        // An RSA key of its own is picked per algorithm: the only one signs at once.
        await store.GenerateAsync("example.test", "rsa2026", DkimKeyAlgorithm.Rsa);
        Assert.Equal(["2026", "rsa2026"], (await signer.ActiveKeysAsync("example.test")).Select(k => k.Selector));

        // Retiring is deleting the file.
        File.Delete(next.Path);
        Assert.Equal(["2025", "rsa2026"], (await signer.ActiveKeysAsync("example.test")).Select(k => k.Selector));
    }

    private static byte[] Serialize(MimeMessage message)
    {
        var output = new MemoryStream();
        FormatOptions format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(format, output);
        return output.ToArray();
    }
}
