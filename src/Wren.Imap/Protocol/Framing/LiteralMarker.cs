namespace Wren.Imap.Protocol;

/// <summary>
/// A literal announcement at the end of a line: <c>{n}</c>, <c>{n+}</c> (RFC 7888 §3), <c>~{n}</c>,
/// <c>~{n+}</c> (RFC 3516 §4.1). A size too large for a long reads as <see cref="long.MaxValue"/>.
/// </summary>
/// <param name="Start">Offset of the "{" or "~" in the line.</param>
/// <param name="Length">The announced size.</param>
/// <param name="NonSynchronizing">"+": the octets follow without waiting for a continuation.</param>
/// <param name="Binary">"~": literal8.</param>
internal readonly record struct LiteralMarker(int Start, long Length, bool NonSynchronizing, bool Binary)
{
    /// <summary>Finds the announcement that ends <paramref name="line"/> (CRLF excluded), if any.</summary>
    public static LiteralMarker? Find(ReadOnlySpan<byte> line)
    {
        int i = line.Length - 1;
        if (i < 0 || line[i] != (byte)'}')
            return null;
        i--;
        bool nonSync = i >= 0 && line[i] == (byte)'+';
        if (nonSync)
            i--;
        int digitsEnd = i + 1;
        while (i >= 0 && ImapChars.IsDigit(line[i]))
            i--;
        int digitsStart = i + 1;
        if (digitsStart == digitsEnd || i < 0 || line[i] != (byte)'{')
            return null;
        int start = i;
        bool binary = i > 0 && line[i - 1] == (byte)'~';
        if (binary)
            start--;
        long length = 0;
        foreach (byte b in line[digitsStart..digitsEnd])
        {
            int digit = b - '0';
            length = length > (long.MaxValue - digit) / 10 ? long.MaxValue : length * 10 + digit;
        }
        return new LiteralMarker(start, length, nonSync, binary);
    }
}
