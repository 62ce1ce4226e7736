using System.Buffers;
using System.IO.Pipelines;

namespace Wren.Imap.Protocol;

public sealed partial class ImapCommandReader
{
    // Enough of a skipped line's end to find a literal announcement: "~{" 19 digits "+}" CR.
    private const int TailSize = 32;

    private readonly byte[] _tail = new byte[TailSize];
    private int _tailLength;
    private string? _tooLongTag;

    private enum LineStatus
    {
        Ok,
        TooLong,
        End,
    }

    private ReadOnlySpan<byte> Tail
    {
        get
        {
            ReadOnlySpan<byte> tail = _tail.AsSpan(0, _tailLength);
            return tail.Length > 0 && tail[^1] == (byte)'\r' ? tail[..^1] : tail;
        }
    }

    // Input already buffered is used first; only when the reader must wait does it flush the session's replies.
    private async ValueTask<ReadResult> ReadInputAsync(CancellationToken cancellationToken)
    {
        if (!_needMoreInput && _input.TryRead(out ReadResult buffered))
            return buffered;
        await _host.FlushAsync(cancellationToken);
        _needMoreInput = false;
        return await _input.ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Reads one line. With <paramref name="store"/>, appends it to the command buffer ending in CRLF (a bare
    /// LF is taken as CRLF); a line over <see cref="ImapLimits.MaxLineLength"/>, or any line without
    /// <paramref name="store"/>, is skipped in bounded memory, keeping only its last octets in <see cref="Tail"/>.
    /// </summary>
    private async ValueTask<LineStatus> ReadLineAsync(bool store, CancellationToken cancellationToken)
    {
        bool skipping = !store;
        long skipped = 0;
        _tailLength = 0;
        _tooLongTag = null;
        int maxLength = Limits.MaxLineLength;
        while (true)
        {
            ReadResult result = await ReadInputAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition? lf = buffer.PositionOf((byte)'\n');
            if (lf is not null)
            {
                ReadOnlySequence<byte> line = buffer.Slice(0, lf.Value);
                SequencePosition next = buffer.GetPosition(1, lf.Value);
                if (skipping || line.Length + 1 > maxLength)
                {
                    if (!skipping && store)
                        _tooLongTag = ImapCommandParser.TryReadTag(FirstOctets(line));
                    KeepTail(line);
                    _input.AdvanceTo(next);
                    return store ? LineStatus.TooLong : LineStatus.Ok;
                }
                long length = line.Length;
                if (length > 0 && LastOctet(line) == (byte)'\r')
                    length--;
                EnsureCapacity(_length + (int)length + 2);
                line.Slice(0, length).CopyTo(_buffer.AsSpan(_length));
                _length += (int)length;
                _buffer[_length++] = (byte)'\r';
                _buffer[_length++] = (byte)'\n';
                _input.AdvanceTo(next);
                return LineStatus.Ok;
            }
            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return LineStatus.End;
            }
            if (skipping || buffer.Length >= maxLength)
            {
                // Bounded memory: drop what we have, remember the tag and the end, report at the line's end.
                if (!skipping && store && skipped == 0)
                    _tooLongTag = ImapCommandParser.TryReadTag(FirstOctets(buffer));
                skipping = true;
                skipped += buffer.Length;
                KeepTail(buffer);
                _input.AdvanceTo(buffer.End);
                continue;
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            _needMoreInput = true;
        }
    }

    private static ReadOnlySpan<byte> FirstOctets(ReadOnlySequence<byte> sequence)
    {
        ReadOnlySequence<byte> head = sequence.Slice(0, Math.Min(sequence.Length, 300));
        return head.IsSingleSegment ? head.FirstSpan : head.ToArray();
    }

    private static byte LastOctet(ReadOnlySequence<byte> sequence) => sequence.Slice(sequence.Length - 1).FirstSpan[0];

    private void KeepTail(ReadOnlySequence<byte> data)
    {
        if (data.Length >= TailSize)
        {
            data.Slice(data.Length - TailSize).CopyTo(_tail);
            _tailLength = TailSize;
            return;
        }
        int add = (int)data.Length;
        int keep = Math.Min(_tailLength, TailSize - add);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        data.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + add;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
            return;
        int size = Math.Max(needed, (int)Math.Min((long)_buffer.Length * 2, int.MaxValue));
        Array.Resize(ref _buffer, size);
    }

    // Appends a literal's octets to the command buffer. False at end of input.
    private async ValueTask<bool> ReadLiteralIntoBufferAsync(int length, CancellationToken cancellationToken)
    {
        EnsureCapacity(_length + length);
        int remaining = length;
        while (remaining > 0)
        {
            int copied = await ReadLiteralChunkAsync(_buffer.AsMemory(_length, remaining), remaining, cancellationToken);
            if (copied == 0)
                return false;
            _length += copied;
            remaining -= copied;
        }
        return true;
    }

    /// <summary>Copies up to <paramref name="remaining"/> literal octets into <paramref name="destination"/>; 0 at end of input.</summary>
    internal async ValueTask<int> ReadLiteralChunkAsync(Memory<byte> destination, long remaining, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await ReadInputAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (buffer.Length > 0)
            {
                int n = (int)Math.Min(Math.Min(buffer.Length, remaining), destination.Length);
                buffer.Slice(0, n).CopyTo(destination.Span);
                _input.AdvanceTo(buffer.GetPosition(n));
                return n;
            }
            _input.AdvanceTo(buffer.End);
            if (result.IsCompleted)
                return 0;
        }
    }

    // Skips literal octets without keeping them. False at end of input.
    private async ValueTask<bool> SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            ReadResult result = await ReadInputAsync(cancellationToken);
            ReadOnlySequence<byte> buffer = result.Buffer;
            long n = Math.Min(buffer.Length, count);
            _input.AdvanceTo(buffer.GetPosition(n));
            count -= n;
            if (n == 0 && result.IsCompleted)
                return false;
        }
        return true;
    }

    /// <summary>
    /// After refusing a command whose last line announced <paramref name="marker"/>: a synchronizing literal
    /// is never sent (no continuation was given, RFC 9051 §7.5), so the command ends here; a
    /// non-synchronizing one is sent anyway, so its octets and the rest of the command (further lines and
    /// non-synchronizing literals) are skipped (RFC 7888 §4), in bounded memory.
    /// </summary>
    private async ValueTask DiscardAfterAsync(LiteralMarker? marker, CancellationToken cancellationToken)
    {
        while (marker is { NonSynchronizing: true } literal)
        {
            if (!await SkipAsync(literal.Length, cancellationToken))
                return;
            if (await ReadLineAsync(store: false, cancellationToken) == LineStatus.End)
                return;
            marker = LiteralMarker.Find(Tail);
        }
    }
}
