using System.Text;
using System.Text.RegularExpressions;

namespace Wren.Smtp.Protocol;

/// <summary>
/// Reads SMTP replies from a server (RFC 5321 §4.2): single or multiline, with RFC 2034 enhanced status codes
/// taken off the text when the server offered ENHANCEDSTATUSCODES. Line length and line count are bounded so a
/// hostile server cannot make the client buffer without end.
/// </summary>
public sealed partial class SmtpReplyReader
{
    private readonly Stream _stream;
    private readonly int _maxLines;
    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    /// <summary>Reads from <paramref name="stream"/>.</summary>
    /// <param name="stream">The connection.</param>
    /// <param name="maxLineLength">Longest line accepted, CRLF included.</param>
    /// <param name="maxLines">Most lines in one reply.</param>
    public SmtpReplyReader(Stream stream, int maxLineLength = 4096, int maxLines = 256)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 8);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLines);
        _stream = stream;
        _maxLines = maxLines;
        _buffer = new byte[maxLineLength];
    }

    /// <summary>
    /// True when bytes beyond the last reply have arrived. After the 220 to STARTTLS nothing may follow in
    /// plaintext: anything there was injected before the handshake.
    /// </summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>Reads one complete reply.</summary>
    /// <param name="enhancedCodes">Take an RFC 3463 code off the start of each line of 2xx, 4xx and 5xx replies (RFC 2034 §3).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="EndOfStreamException">The server closed the connection.</exception>
    /// <exception cref="InvalidDataException">The reply is malformed, or a line or the line count is over the limit.</exception>
    public async ValueTask<SmtpReply> ReadAsync(bool enhancedCodes, CancellationToken cancellationToken)
    {
        int code = 0;
        var lines = new List<string>();
        while (true)
        {
            string line = await ReadLineAsync(cancellationToken).ConfigureAwait(false);

            // RFC 5321 §4.2: Reply-line = *( Reply-code "-" [ textstring ] CRLF ) Reply-code [ SP textstring ] CRLF;
            // Reply-code = %x32-35 %x30-35 %x30-39
            if (line.Length < 3 || line[0] is < '2' or > '5' || line[1] is < '0' or > '5' || !char.IsAsciiDigit(line[2])
                || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new InvalidDataException($"malformed reply line '{Truncate(line)}'");
            }

            int lineCode = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (lines.Count > 0 && lineCode != code)
            {
                throw new InvalidDataException($"reply lines with different codes ({code} then {lineCode})");
            }

            code = lineCode;
            if (lines.Count == _maxLines)
            {
                throw new InvalidDataException($"reply of more than {_maxLines} lines");
            }

            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
                break;
        }

        string? enhanced = null;
        if (enhancedCodes && code / 100 is 2 or 4 or 5)
        {
            // RFC 2034 §3: each line's text starts with status-code SP, whose class matches the reply's.
            for (int i = 0; i < lines.Count; i++)
            {
                Match m = EnhancedCode().Match(lines[i]);
                if (m.Success && m.Groups[1].Value[0] - '0' == code / 100)
                {
                    enhanced ??= m.Groups[1].Value;
                    lines[i] = lines[i][m.Length..];
                }
            }
        }

        return new SmtpReply(code, enhanced, string.Join('\n', lines));
    }

    // One line without its CRLF (a bare LF ends a line too: servers that send one are broken, not hostile).
    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanned = _start;
        while (true)
        {
            int lf = Array.IndexOf(_buffer, (byte)'\n', scanned, _end - scanned);
            if (lf >= 0)
            {
                int length = lf - _start;
                if (length > 0 && _buffer[lf - 1] == '\r')
                    length--;
                string line = Encoding.UTF8.GetString(_buffer, _start, length);
                _start = lf + 1;
                return line;
            }

            if (_end - _start >= _buffer.Length)
            {
                throw new InvalidDataException($"reply line longer than {_buffer.Length} octets");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            scanned = _end;
            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            _end += read;
        }
    }

    private static string Truncate(string line) => line.Length <= 80 ? line : line[..80] + "…";

    // RFC 3463 §2: status-code = class "." subject "." detail; class = "2"/"4"/"5", subject and detail 1*3digit.
    [GeneratedRegex(@"^([245]\.\d{1,3}\.\d{1,3})(?: |$)")]
    private static partial Regex EnhancedCode();
}
