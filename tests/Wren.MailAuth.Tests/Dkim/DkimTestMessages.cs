using System.Text;
using MimeKit;
using Wren.Testing;
using Wren.Testing.Dns;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>Reads the shared DKIM vectors: messages (LF or CRLF on disk, CRLF once read) and their DNS records.</summary>
internal static class DkimTestMessages
{
    /// <summary>The bytes of a file with every line ending made CRLF, as on the wire.</summary>
    public static byte[] Crlf(byte[] data)
    {
        var output = new MemoryStream(data.Length + 1024);
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
                output.WriteByte((byte)'\r');
            output.WriteByte(data[i]);
        }
        return output.ToArray();
    }

    /// <summary>A shared test data file as a message with CRLF line ends.</summary>
    public static MimeMessage Load(string relativePath) => Parse(Crlf(File.ReadAllBytes(TestData.Path(relativePath))));

    /// <summary>Parses wire bytes.</summary>
    public static MimeMessage Parse(byte[] bytes) => MimeMessage.Load(new MemoryStream(bytes));

    /// <summary>Parses wire text.</summary>
    public static MimeMessage Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// A mail-auth vector (<c>mail-auth/dkim/00N.txt</c>): lines <c>name value</c> into <paramref name="dns"/>,
    /// a blank line, then the message.
    /// </summary>
    public static MimeMessage LoadMailAuth(string relativePath, FakeDnsResolver dns)
    {
        byte[] data = File.ReadAllBytes(TestData.Path(relativePath));
        int split = IndexOfBlankLine(data);
        foreach (string line in Encoding.ASCII.GetString(data, 0, split).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string trimmed = line.TrimEnd('\r');
            int space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            AddTxt(dns, trimmed[..space], trimmed[(space + 1)..]);
        }
        return Parse(Crlf(data[(split + 1)..].SkipWhile(b => b is (byte)'\r' or (byte)'\n').ToArray()));
    }

    private static int IndexOfBlankLine(byte[] data)
    {
        for (int i = 0; i + 1 < data.Length; i++)
        {
            if (data[i] == '\n' && (data[i + 1] == '\n' || (data[i + 1] == '\r' && i + 2 < data.Length && data[i + 2] == '\n')))
                return i;
        }
        throw new InvalidDataException("no blank line after the DNS records");
    }

    /// <summary>The key of a PEM public key file as a DKIM record value (<c>v=DKIM1; k=rsa; p=…</c>).</summary>
    public static string RsaRecordFromPem(string relativePath)
    {
        string base64 = string.Concat(File.ReadAllLines(TestData.Path(relativePath)).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)));
        return "v=DKIM1; k=rsa; p=" + base64.Trim();
    }

    /// <summary>Adds a TXT record, split into character-strings of at most 255 bytes (RFC 1035 §3.3.14).</summary>
    public static void AddTxt(FakeDnsResolver dns, string name, string value) =>
        dns.AddTxt(name, [.. value.Chunk(255).Select(c => new string(c))]);

    /// <summary>The text of a shared test data file, trimmed.</summary>
    public static string Text(string relativePath) => File.ReadAllText(TestData.Path(relativePath)).Trim();
}
