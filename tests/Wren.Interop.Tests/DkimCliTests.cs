using System.Text.Json;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;
using Wren.MailAuth.Dkim;
using Wren.Testing.Dns;
using Xunit;

namespace Wren.Interop.Tests;

/// <summary>
/// <c>wren dkim generate</c> and <c>list</c> as a real process: the record it prints is the key it stored, so a
/// message signed with the stored key verifies against the printed record.
/// </summary>
public sealed class DkimCliTests : IDisposable
{
    private readonly WrenCli _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Message =
        "From: Alice <alice@example.com>\r\n" +
        "To: Bob <bob@example.net>\r\n" +
        "Subject: Signed by the key wren dkim made\r\n" +
        "Date: Sun, 01 Mar 2026 12:00:00 +0000\r\n" +
        "Message-ID: <cli-1@example.com>\r\n" +
        "\r\n" +
        "Hello.\r\n";

    [Fact]
    public async Task Generated_keys_sign_messages_that_verify_against_the_printed_records()
    {
        var ed = await _cli.RunAsync(["dkim", "generate", "Example.COM", "--selector", "2026e", "--algorithm", "ed25519"]);
        Assert.True(ed.ExitCode == 0, ed.StandardError);
        var rsa = await _cli.RunAsync(["dkim", "generate", "example.com", "-s", "2026r"]);
        Assert.True(rsa.ExitCode == 0, rsa.StandardError);

        (string edName, string edValue) = PrintedRecord(ed.StandardOutput);
        (string rsaName, string rsaValue) = PrintedRecord(rsa.StandardOutput);
        Assert.Equal("2026e._domainkey.example.com", edName);
        Assert.StartsWith("v=DKIM1; k=ed25519; p=", edValue, StringComparison.Ordinal);
        Assert.Equal("2026r._domainkey.example.com", rsaName);
        Assert.StartsWith("v=DKIM1; k=rsa; p=MIIBIjAN", rsaValue, StringComparison.Ordinal); // 2048 bits by default
        Assert.Contains(Path.Combine(_cli.DataDirectory, "dkim", "example.com", "2026e.ed25519.pem"), ed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("IN TXT ( \"", rsa.StandardOutput, StringComparison.Ordinal);

        // Sign with what is stored, verify with what was printed.
        var signer = new DkimMessageSigner(new DkimKeyStore(_cli.DataDirectory));
        string fields = await signer.SignAsync(MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(Message))), "example.com");
        var dns = new FakeDnsResolver();
        dns.AddTxt(edName, edValue);
        dns.AddTxt(rsaName, [.. rsaValue.Chunk(255).Select(c => new string(c))]);
        IReadOnlyList<DkimResult> results = await new DkimMessageVerifier(dns)
            .VerifyAsync(MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(fields + Message))));
        Assert.Equal([("ed25519-sha256", DkimVerdict.Pass), ("rsa-sha256", DkimVerdict.Pass)], results.Select(r => (r.Algorithm!, r.Verdict)));
    }

    [Fact]
    public async Task List_shows_every_key_in_text_and_json()
    {
        var empty = await _cli.RunAsync(["dkim", "list"]);
        Assert.Equal((0, "No DKIM keys."), (empty.ExitCode, empty.StandardOutput.Trim()));
        Assert.Equal(0, JsonDocument.Parse((await _cli.RunAsync(["dkim", "list", "--json"])).StandardOutput).RootElement.GetArrayLength());

        var generated = await _cli.RunAsync(["dkim", "generate", "example.com", "-s", "s1", "-a", "ed25519"]);
        Assert.True(generated.ExitCode == 0, generated.StandardError);
        Assert.Equal(0, (await _cli.RunAsync(["dkim", "generate", "example.org", "-s", "s1", "-a", "rsa", "--bits", "1024"])).ExitCode);

        var list = await _cli.RunAsync(["dkim", "list"]);
        Assert.Equal(0, list.ExitCode);
        string[] lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^DOMAIN\s+SELECTOR\s+ALGORITHM\s+CREATED\s+SIGNS\s+RECORD$", lines[0]);
        Assert.Matches(@"^example\.com\s+s1\s+ed25519\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+yes\s+s1\._domainkey\.example\.com TXT ""v=DKIM1; k=ed25519; p=", lines[1]);
        Assert.Matches(@"^example\.org\s+s1\s+rsa-1024\s+", lines[2]);

        JsonElement[] keys = [.. JsonDocument.Parse((await _cli.RunAsync(["dkim", "list", "--json"])).StandardOutput).RootElement.EnumerateArray()];
        Assert.Equal(2, keys.Length);
        Assert.Equal("example.com", keys[0].GetProperty("domain").GetString());
        Assert.Equal("ed25519", keys[0].GetProperty("algorithm").GetString());
        Assert.Equal(256, keys[0].GetProperty("bits").GetInt32());
        Assert.True(keys[0].GetProperty("signs").GetBoolean());
        Assert.Equal("s1._domainkey.example.com", keys[0].GetProperty("recordName").GetString());
        Assert.Equal(PrintedRecord(generated.StandardOutput).Value, keys[0].GetProperty("record").GetString());
        Assert.True(keys[0].GetProperty("created").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Equal(1024, keys[1].GetProperty("bits").GetInt32());
    }

    [Fact]
    public async Task Generate_refuses_to_overwrite_and_checks_its_arguments()
    {
        Assert.Equal(0, (await _cli.RunAsync(["dkim", "generate", "example.com", "-s", "s1", "-a", "ed25519"])).ExitCode);
        string path = Path.Combine(_cli.DataDirectory, "dkim", "example.com", "s1.ed25519.pem");
        byte[] before = await File.ReadAllBytesAsync(path);

        var again = await _cli.RunAsync(["dkim", "generate", "example.com", "-s", "s1", "-a", "ed25519"]);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("wren: ", again.StandardError, StringComparison.Ordinal);
        Assert.Contains("exists already", again.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));

        Assert.Equal(1, (await _cli.RunAsync(["dkim", "generate", "example.com", "-s", "../x"])).ExitCode);
        Assert.Equal(1, (await _cli.RunAsync(["dkim", "generate", "not a domain", "-s", "s"])).ExitCode);
        Assert.Equal(1, (await _cli.RunAsync(["dkim", "generate", "example.com", "-s", "s", "--bits", "512"])).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync(["dkim", "generate", "example.com", "-s", "s", "-a", "dsa"])).ExitCode);
        Assert.Equal(2, (await _cli.RunAsync(["dkim", "generate", "example.com"])).ExitCode); // --selector is required
    }

    private static (string Name, string Value) PrintedRecord(string output)
    {
        string[] lines = output.Split('\n', StringSplitOptions.TrimEntries);
        string name = lines.Single(l => l.StartsWith("name:", StringComparison.Ordinal))["name:".Length..].Trim();
        string value = lines.Single(l => l.StartsWith("value:", StringComparison.Ordinal))["value:".Length..].Trim();
        return (name, value);
    }
}
