using System.Text;
using Microsoft.Extensions.Time.Testing;
using Wren.MailAuth.Dkim;
using Wren.Testing;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>
/// Wren and dkimpy check each other: what Wren signs (rsa-sha256 and ed25519-sha256) dkimpy verifies over the
/// original bytes with Wren's fields in front, what dkimpy signs Wren verifies, and one changed byte in the
/// body or in a signed field fails both.
/// </summary>
public sealed class DkimCrossCheckTests : IDisposable
{
    private readonly TemporaryDataFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static readonly string Plain =
        "From: Alice <alice@example.test>\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        "Subject: Cross-check\r\n" +
        "Date: Mon, 07 Nov 2022 12:54:24 -0500\r\n" +
        "Message-ID: <cross-check-1@example.test>\r\n" +
        "List-Id: Test list <test.example.test>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "\r\n" +
        "Hello  Bob,\t \r\n" +
        "\r\n" +
        "  spaces\tand tabs   inside.\r\n" +
        "Grüße.\r\n" +
        "\r\n" +
        "\r\n";

    private static readonly string Multipart =
        "From: Alice <alice@example.test>\r\n" +
        "To: Bob <bob@example.net>, Carol <carol@example.net>\r\n" +
        "Cc: Dan <dan@example.net>\r\n" +
        "Subject: Multipart\r\n" +
        " folded subject\r\n" +
        "Date: Mon, 07 Nov 2022 12:54:24 -0500\r\n" +
        "Message-ID: <cross-check-2@example.test>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/alternative; boundary=\"b1\"\r\n" +
        "\r\n" +
        "preamble\r\n" +
        "--b1\r\n" +
        "Content-Type: text/plain\r\n" +
        "\r\n" +
        "plain\r\n" +
        "--b1\r\n" +
        "Content-Type: text/html\r\n" +
        "\r\n" +
        "<p>html</p>\r\n" +
        "--b1--\r\n" +
        "epilogue\r\n";

    public static TheoryData<string> Messages => new() { Plain, Multipart };

    private async Task<(DkimMessageSigner Signer, Dictionary<string, string> Records)> WrenKeysAsync()
    {
        var store = new DkimKeyStore(_data.Path);
        DkimKey rsa = await store.GenerateAsync("example.test", "wren-rsa", DkimKeyAlgorithm.Rsa);
        DkimKey ed = await store.GenerateAsync("example.test", "wren-ed", DkimKeyAlgorithm.Ed25519);
        var records = new Dictionary<string, string>
        {
            [rsa.DnsRecord.Name] = rsa.DnsRecord.Text,
            [ed.DnsRecord.Name] = ed.DnsRecord.Text,
        };
        return (new DkimMessageSigner(store, new FakeTimeProvider(TimeProvider.System.GetUtcNow())), records);
    }

    private static FakeDnsResolver Dns(IReadOnlyDictionary<string, string> records)
    {
        var dns = new FakeDnsResolver();
        foreach ((string name, string value) in records)
            DkimTestMessages.AddTxt(dns, name, value);
        return dns;
    }

    private static async Task<DkimVerdict[]> WrenVerifyAsync(byte[] message, IReadOnlyDictionary<string, string> records) =>
        [.. (await new DkimMessageVerifier(Dns(records)).VerifyAsync(DkimTestMessages.Parse(message))).Select(r => r.Verdict)];

    private static byte[] Change(byte[] message, string from, string to)
    {
        string text = Encoding.UTF8.GetString(message);
        Assert.Contains(from, text, StringComparison.Ordinal);
        int at = text.IndexOf(from, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text[..at] + to + text[(at + from.Length)..]);
    }

    [DkimpyTheory]
    [MemberData(nameof(Messages))]
    public async Task Wren_signatures_pass_dkimpy_and_wren(string text)
    {
        (DkimMessageSigner signer, Dictionary<string, string> records) = await WrenKeysAsync();
        byte[] original = Encoding.UTF8.GetBytes(text);
        string fields = await signer.SignAsync(new MemoryStream(original), "example.test");
        byte[] signed = [.. Encoding.ASCII.GetBytes(fields), .. original];

        Assert.Equal(["pass", "pass"], await Dkimpy.VerifyAsync(signed, records));
        Assert.Equal([DkimVerdict.Pass, DkimVerdict.Pass], await WrenVerifyAsync(signed, records));
    }

    [DkimpyTheory]
    [InlineData("Hello  Bob,", "Hello  Bob.")] // one byte of the body
    [InlineData("Subject: Cross-check", "Subject: Cross-chuck")] // one byte of a signed field
    [InlineData("List-Id: Test list", "List-Id: Test lisT")]
    public async Task Wren_signatures_with_a_changed_byte_fail_dkimpy_and_wren(string from, string to)
    {
        (DkimMessageSigner signer, Dictionary<string, string> records) = await WrenKeysAsync();
        byte[] original = Encoding.UTF8.GetBytes(Plain);
        string fields = await signer.SignAsync(new MemoryStream(original), "example.test");
        byte[] changed = Change([.. Encoding.ASCII.GetBytes(fields), .. original], from, to);

        Assert.Equal(["fail", "fail"], await Dkimpy.VerifyAsync(changed, records));
        Assert.Equal([DkimVerdict.Fail, DkimVerdict.Fail], await WrenVerifyAsync(changed, records));
    }

    [DkimpyFact]
    public async Task An_added_from_field_breaks_the_oversigned_signature()
    {
        (DkimMessageSigner signer, Dictionary<string, string> records) = await WrenKeysAsync();
        byte[] original = Encoding.UTF8.GetBytes(Plain);
        string fields = await signer.SignAsync(new MemoryStream(original), "example.test");
        byte[] changed = Change([.. Encoding.ASCII.GetBytes(fields), .. original], "To: Bob", "From: Mallory <m@example.org>\r\nTo: Bob");

        Assert.Equal(["fail", "fail"], await Dkimpy.VerifyAsync(changed, records));
        Assert.Equal([DkimVerdict.Fail, DkimVerdict.Fail], await WrenVerifyAsync(changed, records));
    }

    public static TheoryData<string, string, string, string> DkimpyKeys => new()
    {
        // algorithm, key file (dkimpy's format), selector, public record
        { "rsa-sha256", "dkim/dkimpy/test.private", "test", DkimTestMessages.Text("dkim/dkimpy/test.txt") },
        { "rsa-sha256", "dkim/dkimpy/2048_testkey_PKCS8.key", "pkcs8", DkimTestMessages.Text("dkim/dkimpy/2048_testkey_PKCS8.key.pub.txt") },
        { "ed25519-sha256", "dkim/dkimpy/ed25519test.key", "ed", "v=DKIM1; k=ed25519; p=yi50DjK5O9pqbFpNHklsv9lqaS0ArSYu02qp1S0DW1Y=" },
    };

    [DkimpyTheory]
    [MemberData(nameof(DkimpyKeys))]
    public async Task Dkimpy_signatures_pass_wren_and_a_changed_byte_fails(string algorithm, string keyFile, string selector, string record)
    {
        var records = new Dictionary<string, string> { [$"{selector}._domainkey.example.test"] = record };
        byte[] original = Encoding.UTF8.GetBytes(Plain);
        byte[] signed = [.. await Dkimpy.SignAsync(original, selector, "example.test", TestData.Path(keyFile), algorithm), .. original];

        Assert.Equal(["pass"], await Dkimpy.VerifyAsync(signed, records));
        Assert.Equal([DkimVerdict.Pass], await WrenVerifyAsync(signed, records));
        Assert.Equal([DkimVerdict.Fail], await WrenVerifyAsync(Change(signed, "Grüße", "Grüsse"), records));
        Assert.Equal([DkimVerdict.Fail], await WrenVerifyAsync(Change(signed, "Subject: Cross-check", "Subject: Cross-chuck"), records));
    }

    [DkimpyFact]
    public async Task Dkimpy_l_tag_shorter_than_the_body_is_policy_unless_accepted()
    {
        var records = new Dictionary<string, string> { ["test._domainkey.example.test"] = DkimTestMessages.Text("dkim/dkimpy/test.txt") };
        byte[] original = Encoding.UTF8.GetBytes(Plain);
        byte[] signed = [.. await Dkimpy.SignAsync(original, "test", "example.test", TestData.Path("dkim/dkimpy/test.private"), "rsa-sha256", bodyLength: true), .. original];
        Assert.Contains("l=", Encoding.ASCII.GetString(signed), StringComparison.Ordinal);
        // l= equal to the body: the whole body is signed, a plain pass.
        Assert.Equal([DkimVerdict.Pass], await WrenVerifyAsync(signed, records));

        byte[] appended = [.. signed, .. "Appended by a stranger: click here.\r\n"u8.ToArray()];
        DkimResult result = Assert.Single(await new DkimMessageVerifier(Dns(records)).VerifyAsync(DkimTestMessages.Parse(appended)));
        Assert.Equal(DkimVerdict.Policy, result.Verdict);
        Assert.Contains("l=", result.Reason, StringComparison.Ordinal);
        DkimResult accepted = Assert.Single(await new DkimMessageVerifier(Dns(records), options: new DkimVerifierOptions { AcceptPartialBody = true })
            .VerifyAsync(DkimTestMessages.Parse(appended)));
        Assert.Equal(DkimVerdict.Pass, accepted.Verdict);
        Assert.Equal(["pass"], await Dkimpy.VerifyAsync(appended, records)); // dkimpy accepts l= as it is
    }
}
