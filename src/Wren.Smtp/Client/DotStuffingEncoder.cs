namespace Wren.Smtp.Client;

/// <summary>
/// RFC 5321 §4.5.2: before sending a line of DATA content that starts with a period, the client adds one more
/// period, so that no content line can be read as the end of data. Works across buffer boundaries.
/// </summary>
internal sealed class DotStuffingEncoder
{
    private bool _atLineStart = true;
    private byte _last1; // the last two content bytes, to know whether the content ended with CRLF
    private byte _last2;
    private long _count;

    /// <summary>Largest output for <paramref name="inputLength"/> input bytes (every byte a line-leading period).</summary>
    public static int MaxOutputLength(int inputLength) => inputLength * 2;

    /// <summary>Stuffs <paramref name="input"/> into <paramref name="output"/>; returns the bytes written.</summary>
    public int Encode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int o = 0;
        foreach (byte b in input)
        {
            if (_atLineStart && b == (byte)'.')
                output[o++] = (byte)'.';
            output[o++] = b;
            _atLineStart = b == (byte)'\n';
            _last2 = _last1;
            _last1 = b;
        }
        _count += input.Length;
        return o;
    }

    /// <summary>
    /// The end of data: <c>.CRLF</c>, preceded by a CRLF when the content did not end with one (RFC 5321 §4.1.1.4:
    /// the final dot stands on a line of its own).
    /// </summary>
    public ReadOnlyMemory<byte> Terminator() =>
        _count == 0 || (_last2 == '\r' && _last1 == '\n') ? ".\r\n"u8.ToArray() : "\r\n.\r\n"u8.ToArray();
}
