using System.Globalization;
using System.Text;

namespace Wren.Bench.Smtp;

/// <summary>
/// The message the load tool sends: RFC 5322 headers and a plain-text body of printable lines, exactly
/// <c>size</c> bytes as stored (CRLF line ends), followed on the wire by the DATA terminator. No line starts
/// with a dot, so no dot-stuffing is needed. Each copy carries its own Message-ID.
/// </summary>
internal sealed class TestMessage
{
    private const int IdDigits = 10;
    private const int BodyLineLength = 78;
    private static readonly byte[] Terminator = ".\r\n"u8.ToArray();

    private readonly byte[] _template;
    private readonly int _idOffset;

    private TestMessage(byte[] template, int idOffset, int size)
    {
        _template = template;
        _idOffset = idOffset;
        Size = size;
    }

    /// <summary>The message's size in bytes without the DATA terminator (the requested size, or the headers' size when that is larger).</summary>
    public int Size { get; }

    /// <summary>Builds the template for messages of <paramref name="size"/> bytes from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static TestMessage Create(string from, string to, int size)
    {
        string date = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        string idPrefix = "Message-ID: <";
        string headersBeforeId = $"From: <{from}>\r\nTo: <{to}>\r\nSubject: Wren.Bench load test\r\nDate: {date}\r\n";
        string headers = headersBeforeId + idPrefix + new string('0', IdDigits) + ".bench@wren.test>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
        int idOffset = Encoding.ASCII.GetByteCount(headersBeforeId + idPrefix);

        var text = new StringBuilder(headers, Math.Max(size, headers.Length) + 8);
        int remaining = size - headers.Length;
        int line = 0;
        while (remaining > 0)
        {
            // A line is its characters plus CRLF; a last single byte is folded into the line before it.
            int length = Math.Min(BodyLineLength, remaining - 2);
            if (remaining - (length + 2) == 1)
                length++;
            if (length < 0)
                break; // one byte left with no line to grow: the message stays one byte short of tiny requests
            for (int i = 0; i < length; i++)
                text.Append((char)('a' + ((line + i) % 26)));
            text.Append("\r\n");
            remaining -= length + 2;
            line++;
        }

        byte[] message = Encoding.ASCII.GetBytes(text.ToString());
        byte[] template = new byte[message.Length + Terminator.Length];
        message.CopyTo(template, 0);
        Terminator.CopyTo(template, message.Length);
        return new TestMessage(template, idOffset, message.Length);
    }

    /// <summary>A private buffer holding the message and its terminator, for one connection to reuse.</summary>
    public byte[] NewBuffer() => (byte[])_template.Clone();

    /// <summary>Writes the message's sequence number into the Message-ID of <paramref name="buffer"/>.</summary>
    public void Stamp(byte[] buffer, long number)
    {
        for (int i = IdDigits - 1; i >= 0; i--)
        {
            buffer[_idOffset + i] = (byte)('0' + (number % 10));
            number /= 10;
        }
    }
}
