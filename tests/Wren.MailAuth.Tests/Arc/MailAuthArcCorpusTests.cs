using System.Text;
using MimeKit;
using Wren.MailAuth.Arc;
using Wren.Testing;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Arc;

/// <summary>
/// The real ARC chains of the mail-auth crate's resources (testdata/mail-auth/arc): a Gmail chain over an IETF list
/// message (rsa-sha256) and a two-hop chain whose first seal is ed25519-sha256. Each validates as pass.
/// </summary>
public sealed class MailAuthArcCorpusTests
{
    [Theory]
    [InlineData("001.txt", 1)]
    [InlineData("002.txt", 2)]
    public async Task Chain_passes(string file, int instances)
    {
        (FakeDnsResolver dns, MimeMessage message) = Load(file);

        ArcResult result = await new ArcChainVerifier(dns).VerifyAsync(message, TestContext.Cancellation);

        Assert.Equal(ArcVerdict.Pass, result.Verdict);
        Assert.Equal(instances, result.Instances);
        Assert.Null(result.Reason);
    }

    /// <summary>The file layout: lines "name value" of DNS TXT records, a blank line, then the message (LF ends).</summary>
    internal static (FakeDnsResolver Dns, MimeMessage Message) Load(string file)
    {
        string text = File.ReadAllText(TestData.Path("mail-auth/arc/" + file)).Replace("\r\n", "\n", StringComparison.Ordinal);
        int split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var dns = new FakeDnsResolver();
        foreach (string line in text[..split].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ', 2);
            dns.AddTxt(parts[0], ArcSuite.Chunk(parts[1]));
        }
        return (dns, ArcSuite.Parse(text[(split + 2)..]));
    }
}
