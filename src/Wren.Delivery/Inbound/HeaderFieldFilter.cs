using System.Text;

namespace Wren.Delivery.Inbound;

/// <summary>
/// Copies a message while leaving out chosen header fields (for example an Authentication-Results field
/// that claims Wren's authserv-id, RFC 8601 §5). Only the header section is looked at, one field at a time
/// with its continuation lines; the body is copied untouched. Every byte of a kept field is copied as it
/// came, so nothing else in the message changes.
/// </summary>
internal static class HeaderFieldFilter
{
    // A field longer than this is kept without being examined: no fields Wren drops are that long, and it
    // bounds the memory one field can take.
    private const int MaxExaminedField = 64 * 1024;

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="target"/>, dropping each header field for which
    /// <paramref name="drop"/> (given the field name and its unfolded value) returns true. Returns how many
    /// fields were dropped.
    /// </summary>
    public static async Task<int> CopyAsync(Stream source, Stream target, Func<string, string, bool> drop, CancellationToken cancellationToken)
    {
        var reader = new BufferedLineReader(source);
        var field = new MemoryStream();
        bool oversized = false;
        int dropped = 0;

        async Task FinishFieldAsync()
        {
            if (field.Length == 0)
                return;
            if (oversized || !ShouldDrop(field, drop))
                await target.WriteAsync(field.GetBuffer().AsMemory(0, (int)field.Length), cancellationToken).ConfigureAwait(false);
            else
                dropped++;
            field.SetLength(0);
            oversized = false;
        }

        bool atLineStart = true;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            // A piece that does not start a line (the rest of an overlong line) belongs to the current field.
            bool startsLine = atLineStart;
            atLineStart = reader.EndedLine;
            bool continuation = !startsLine || (line.Length > 0 && (line.Span[0] == (byte)' ' || line.Span[0] == (byte)'\t'));
            if (!continuation)
                await FinishFieldAsync().ConfigureAwait(false);
            if (startsLine && IsBlank(line.Span))
            {
                // The end of the header section: the rest is copied as it is.
                await target.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                await reader.CopyRestAsync(target, cancellationToken).ConfigureAwait(false);
                return dropped;
            }
            if (oversized)
            {
                await target.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                continue;
            }
            field.Write(line.Span);
            if (field.Length > MaxExaminedField)
            {
                await target.WriteAsync(field.GetBuffer().AsMemory(0, (int)field.Length), cancellationToken).ConfigureAwait(false);
                field.SetLength(0);
                oversized = true;
            }
        }
        // A message that is all header section (no blank line).
        await FinishFieldAsync().ConfigureAwait(false);
        return dropped;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) =>
        line.SequenceEqual("\r\n"u8) || line.SequenceEqual("\n"u8);

    private static bool ShouldDrop(MemoryStream field, Func<string, string, bool> drop)
    {
        ReadOnlySpan<byte> bytes = field.GetBuffer().AsSpan(0, (int)field.Length);
        int colon = bytes.IndexOf((byte)':');
        if (colon <= 0)
            return false;
        string name = Encoding.ASCII.GetString(bytes[..colon]).TrimEnd();
        // RFC 5322 §2.2.3: unfolding removes the CRLFs that precede whitespace.
        string value = Encoding.UTF8.GetString(bytes[(colon + 1)..]).Replace("\r\n", "").Replace("\n", "").Trim();
        return drop(name, value);
    }

    /// <summary>
    /// Reads lines (each with its line end) from a stream through one buffer; a line longer than the buffer
    /// comes in pieces, <see cref="EndedLine"/> telling whether a piece ended its line.
    /// </summary>
    private sealed class BufferedLineReader(Stream source)
    {
        private readonly byte[] buffer = new byte[16 * 1024];
        private int start;
        private int end;

        /// <summary>True when the last piece read ended with a line feed.</summary>
        public bool EndedLine { get; private set; }

        public async Task<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken cancellationToken)
        {
            int newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            // Read until a whole line is buffered, the buffer is full, or the source ends.
            while (newline < 0 && end - start < buffer.Length)
            {
                if (start > 0)
                {
                    Array.Copy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int read = await source.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                newline = Array.IndexOf(buffer, (byte)'\n', end, read);
                end += read;
            }
            if (start == end)
                return null;
            int stop = newline < 0 ? end : newline + 1;
            EndedLine = newline >= 0;
            byte[] piece = buffer.AsSpan(start, stop - start).ToArray();
            start = stop;
            return piece;
        }

        public async Task CopyRestAsync(Stream target, CancellationToken cancellationToken)
        {
            if (start < end)
                await target.WriteAsync(buffer.AsMemory(start, end - start), cancellationToken).ConfigureAwait(false);
            start = end = 0;
            await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
        }
    }
}
