using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Wren.Imap.Server;

// FETCH responses carry message bytes as literals (RFC 9051 §4.3): the count first, then the octets. They are
// copied from the store's stream in chunks, flushing as the queue grows, so a message of any size passes
// through a fixed amount of memory.
public sealed partial class ImapSession
{
    private const int LiteralChunk = 32 * 1024;

    /// <summary>Queues the response text built so far (UTF-8) and empties <paramref name="text"/>.</summary>
    private void WriteFetchText(StringBuilder text)
    {
        if (text.Length == 0)
            return;
        _connection.Write(Encoding.UTF8.GetBytes(text.ToString()));
        text.Clear();
    }

    /// <summary>
    /// Appends <c>{n}</c> CRLF (<c>~{n}</c> for a literal8, RFC 3516 §4.2) to the text, queues it, and copies
    /// <paramref name="length"/> octets from <paramref name="source"/> (positioned where they start).
    /// </summary>
    private async Task WriteLiteralAsync(StringBuilder text, Stream source, long length, bool literal8 = false)
    {
        text.Append(literal8 ? "~{" : "{").Append(length).Append("}\r\n");
        WriteFetchText(text);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(LiteralChunk);
        try
        {
            long left = length;
            bool shortRead = false;
            while (left > 0)
            {
                int want = (int)Math.Min(LiteralChunk, left);
                int read = shortRead ? 0 : await source.ReadAsync(buffer.AsMemory(0, want), Token);
                if (read == 0)
                {
                    // The stored bytes ended before the count announced (a summary out of step with its message):
                    // the literal's count is already sent, so pad to keep the client in step with the protocol.
                    if (!shortRead)
                        _context.Logger.LogWarning("IMAP session {Id}: a FETCH literal ran {Missing} octets short", Info.Id, left);
                    shortRead = true;
                    read = want;
                    buffer.AsSpan(0, read).Fill((byte)' ');
                }
                _connection.Write(buffer.AsSpan(0, read));
                left -= read;
                await FlushIfLargeAsync();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads and drops <paramref name="count"/> octets of a stream that cannot seek (a decoder).</summary>
    private async Task SkipAsync(Stream source, long count)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(LiteralChunk);
        try
        {
            while (count > 0)
            {
                int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(LiteralChunk, count)), Token);
                if (read == 0)
                    return;
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>True when the next <paramref name="count"/> octets of <paramref name="source"/> hold a NUL.</summary>
    private async Task<bool> ContainsNulAsync(Stream source, long count)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(LiteralChunk);
        try
        {
            while (count > 0)
            {
                int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(LiteralChunk, count)), Token);
                if (read == 0)
                    return false;
                if (buffer.AsSpan(0, read).Contains((byte)0))
                    return true;
                count -= read;
            }
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
