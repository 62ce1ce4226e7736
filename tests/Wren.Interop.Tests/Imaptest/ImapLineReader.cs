using System.Text;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Reads a server's logical lines from a stream: a line ending in <c>{n}</c> (or <c>~{n}</c>) is followed by n bytes
/// of literal and then the rest of the line. Bytes map to chars one to one (Latin-1). Every read is bounded.
/// </summary>
public sealed class ImapLineReader(Stream stream, int maxLiteral = 64 * 1024 * 1024, int maxLine = 1024 * 1024)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start, _end;

    /// <summary>Reads one logical line without its final CRLF; null at end of stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        while (true)
        {
            string? physical = await ReadPhysicalLineAsync(cancellationToken);
            if (physical is null)
                return sb.Length == 0 ? null : throw new EndOfStreamException("Connection closed inside a response: " + sb);
            sb.Append(physical);
            if (!TryLiteralSize(physical, out int size))
                return sb.ToString();
            if (size > maxLiteral)
                throw new InvalidDataException($"Literal of {size} bytes is over the {maxLiteral} limit");
            sb.Append("\r\n");
            await ReadExactAsync(sb, size, cancellationToken);
        }
    }

    private static bool TryLiteralSize(string line, out int size)
    {
        size = 0;
        if (!line.EndsWith('}'))
            return false;
        int open = line.LastIndexOf('{');
        return open >= 0 && open < line.Length - 2 && int.TryParse(line.AsSpan(open + 1, line.Length - open - 2), System.Globalization.NumberStyles.None, null, out size);
    }

    private async Task<string?> ReadPhysicalLineAsync(CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        while (true)
        {
            int lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                sb.Append(Encoding.Latin1.GetString(_buffer, _start, lf - _start));
                _start = lf + 1;
                if (sb.Length > 0 && sb[^1] == '\r')
                    sb.Length--;
                return sb.ToString();
            }
            sb.Append(Encoding.Latin1.GetString(_buffer, _start, _end - _start));
            _start = _end = 0;
            if (sb.Length > maxLine)
                throw new InvalidDataException($"Line over {maxLine} bytes");
            if (!await FillAsync(cancellationToken))
            {
                if (sb.Length == 0)
                    return null;
                throw new EndOfStreamException("Connection closed inside a line: " + sb);
            }
        }
    }

    private async Task ReadExactAsync(StringBuilder sb, int size, CancellationToken cancellationToken)
    {
        while (size > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
                throw new EndOfStreamException("Connection closed inside a literal");
            int take = Math.Min(size, _end - _start);
            sb.Append(Encoding.Latin1.GetString(_buffer, _start, take));
            _start += take;
            size -= take;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
            _start = _end = 0;
        int n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (n <= 0)
            return false;
        _end += n;
        return true;
    }
}
