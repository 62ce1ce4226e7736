using System.Text;

namespace Wren.Interop.Tests.Infrastructure;

/// <summary>Test messages for POP3: CRLF line ends, lines that need byte-stuffing, a body of known lines.</summary>
public static class Pop3Messages
{
    /// <summary>An RFC 5322 message with <paramref name="bodyLines"/> numbered body lines, one starting with '.' and one being "..".</summary>
    public static byte[] Create(string subject, int bodyLines = 5, int extraBodyBytes = 0)
    {
        var text = new StringBuilder();
        text.Append("From: Sender <sender@remote.test>\r\n");
        text.Append("To: someone@example.test\r\n");
        text.Append("Subject: ").Append(subject).Append("\r\n");
        text.Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append("@remote.test>\r\n");
        text.Append("Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n");
        text.Append("\r\n");
        for (int i = 1; i <= bodyLines; i++)
        {
            text.Append(i switch
            {
                2 => ".line two starts with a dot",
                3 => "..",
                4 => ".",
                _ => $"line {i}",
            }).Append("\r\n");
        }
        var random = new Random(extraBodyBytes);
        int written = 0;
        while (written < extraBodyBytes)
        {
            int length = Math.Min(76, extraBodyBytes - written);
            for (int i = 0; i < length; i++)
                text.Append((char)('a' + random.Next(26)));
            text.Append("\r\n");
            written += length;
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
