using System.Text;

namespace Wren.Delivery.Bounces;

/// <summary>
/// The header section of an original message as returned in a notification: only well-formed header
/// lines survive, so a malformed original (no blank line, binary junk) still yields a valid part.
/// </summary>
internal static class HeaderSection
{
    // RFC 5322 §2.1.1: a line is at most 998 octets besides CRLF.
    private const int MaxLineLength = 998;

    /// <summary>True when the blank line ending the header section lies in <paramref name="data"/> (searching from <paramref name="from"/>).</summary>
    public static bool ContainsEnd(ReadOnlySpan<byte> data, int from)
    {
        if (data.Length > 0 && (data[0] == '\n' || (data.Length > 1 && data[0] == '\r' && data[1] == '\n')))
            return true;
        for (int i = from; i < data.Length - 1; i++)
        {
            if (data[i] != '\n')
                continue;
            if (data[i + 1] == '\n' || (data[i + 1] == '\r' && i + 2 < data.Length && data[i + 2] == '\n'))
                return true;
        }
        return false;
    }

    /// <summary>
    /// RFC 5322 §2.2: keeps the header fields (a field name, a colon, and continuation lines starting with
    /// white space) up to the blank line, or up to the first line that is no header at all. Control
    /// characters become spaces, lines end in CRLF, over-long lines are cut at 998 octets.
    /// </summary>
    /// <param name="data">The start of the message.</param>
    /// <param name="complete">False when <paramref name="data"/> was cut at a limit, so its last partial line is dropped.</param>
    public static byte[] Extract(ReadOnlySpan<byte> data, bool complete)
    {
        var output = new MemoryStream();
        bool inField = false;
        int position = 0;
        while (position < data.Length)
        {
            int newline = data[position..].IndexOf((byte)'\n');
            if (newline < 0 && !complete)
                break;
            int end = newline < 0 ? data.Length : position + newline;
            ReadOnlySpan<byte> line = data[position..end];
            position = newline < 0 ? data.Length : end + 1;
            if (line.Length > 0 && line[^1] == '\r')
                line = line[..^1];
            if (line.IsEmpty)
                break;
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (!inField)
                    break;
            }
            else if (!IsFieldStart(line))
            {
                break;
            }
            inField = true;
            WriteClean(output, line[..Math.Min(line.Length, MaxLineLength)]);
        }
        return output.ToArray();
    }

    /// <summary>The Message-ID of a header section produced by <see cref="Extract"/>, without angle brackets.</summary>
    public static string? FindMessageId(byte[] headers)
    {
        string text = Encoding.UTF8.GetString(headers);
        // RFC 5322 §2.2.3: unfold before reading the value.
        string unfolded = text.Replace("\r\n ", " ").Replace("\r\n\t", "\t");
        foreach (string line in unfolded.Split("\r\n"))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0 || !line.AsSpan(0, colon).Trim().Equals("Message-ID", StringComparison.OrdinalIgnoreCase))
                continue;
            // RFC 5322 §3.6.4: msg-id = "<" id-left "@" id-right ">"
            string value = line[(colon + 1)..];
            int open = value.IndexOf('<');
            int close = open < 0 ? -1 : value.IndexOf('>', open + 1);
            if (close > open + 1)
            {
                string id = value[(open + 1)..close].Trim();
                return id.Contains('@') && !id.Any(c => char.IsWhiteSpace(c) || c == '<') ? id : null;
            }
            return null;
        }
        return null;
    }

    /// <summary>True when any octet is outside US-ASCII.</summary>
    public static bool HasEightBit(ReadOnlySpan<byte> data) => data.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;

    /// <summary>RFC 2045 §2.8: 8bit data has no NUL and no line over 998 octets (besides CRLF).</summary>
    public static bool IsEightBitClean(ReadOnlySpan<byte> data)
    {
        if (data.IndexOf((byte)0) >= 0)
            return false;
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            int length = newline < 0 ? data.Length : newline;
            if (length > 0 && data[length - 1] == '\r')
                length--;
            if (length > MaxLineLength)
                return false;
            data = newline < 0 ? default : data[(newline + 1)..];
        }
        return true;
    }

    // RFC 5322 §3.6.8: field-name = 1*ftext (printable US-ASCII but the colon), then ":".
    private static bool IsFieldStart(ReadOnlySpan<byte> line)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0)
            return false;
        foreach (byte b in line[..colon])
        {
            if (b is < 33 or > 126)
                return false;
        }
        return true;
    }

    private static void WriteClean(MemoryStream output, ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
            output.WriteByte(b is < 32 and not (byte)'\t' or 127 ? (byte)' ' : b);
        output.WriteByte((byte)'\r');
        output.WriteByte((byte)'\n');
    }
}
