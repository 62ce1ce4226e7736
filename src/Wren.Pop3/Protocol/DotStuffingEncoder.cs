using System.Buffers;

namespace Wren.Pop3.Protocol;

/// <summary>
/// Turns a stored message into the body of a POP3 multi-line response, chunk by chunk in bounded memory
/// (RFC 1939 §3): every line that begins with '.' gets one more '.', every line ends with CRLF (a bare LF
/// becomes CRLF), and <see cref="Complete"/> ends the response with the termination octet "." CRLF. With
/// a body line limit (TOP, RFC 1939 §7) it stops after the headers, the blank line and that many body lines.
/// </summary>
internal sealed class DotStuffingEncoder
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private readonly IBufferWriter<byte> _output;
    private readonly long _bodyLineLimit;
    private bool _atLineStart = true;
    private bool _previousWasCr;
    private bool _lineHasText;
    private bool _inBody;
    private long _bodyLines;

    /// <summary>Creates an encoder writing to <paramref name="output"/>.</summary>
    /// <param name="output">Where the encoded octets go.</param>
    /// <param name="bodyLineLimit">For TOP: how many body lines to send; null sends the whole message.</param>
    public DotStuffingEncoder(IBufferWriter<byte> output, long? bodyLineLimit = null)
    {
        _output = output;
        _bodyLineLimit = bodyLineLimit ?? long.MaxValue;
    }

    /// <summary>True once a TOP limit is reached: further content is ignored, the caller may stop reading.</summary>
    public bool IsDone { get; private set; }

    /// <summary>Encodes the next chunk of the message.</summary>
    public void Write(ReadOnlySpan<byte> content)
    {
        while (content.Length > 0 && !IsDone)
        {
            if (_atLineStart)
            {
                if (_inBody && _bodyLines >= _bodyLineLimit)
                {
                    IsDone = true;
                    return;
                }
                // RFC 1939 §3: a line beginning with the termination octet is byte-stuffed.
                if (content[0] == (byte)'.')
                    _output.Write("."u8);
                _atLineStart = false;
                _lineHasText = false;
            }
            int lf = content.IndexOf((byte)'\n');
            ReadOnlySpan<byte> segment = lf < 0 ? content : content[..lf];
            if (segment.Length > 0)
            {
                _output.Write(segment);
                // A line of only CR (or nothing) before its LF is the blank line ending the header.
                if (segment.IndexOfAnyExcept((byte)'\r') >= 0)
                    _lineHasText = true;
                _previousWasCr = segment[^1] == (byte)'\r';
            }
            if (lf < 0)
                return;
            // RFC 1939 §3: lines end with CRLF; a stored bare LF is sent as CRLF.
            _output.Write(_previousWasCr ? "\n"u8 : Crlf);
            _previousWasCr = false;
            EndLine();
            content = content[(lf + 1)..];
        }
    }

    /// <summary>Ends the response: a last line without its line ending gets CRLF, then "." CRLF.</summary>
    public void Complete()
    {
        if (!_atLineStart && !IsDone)
            _output.Write(_previousWasCr ? "\n"u8 : Crlf);
        _output.Write(".\r\n"u8);
    }

    private void EndLine()
    {
        _atLineStart = true;
        if (_inBody)
            _bodyLines++;
        else if (!_lineHasText)
            _inBody = true; // RFC 5322 §2.1: the first empty line separates the header from the body
    }
}
