using System.Buffers;
using System.IO.Pipelines;

namespace Wren.Imap.Tests.Protocol;

/// <summary>
/// A <see cref="PipeReader"/> over fixed bytes that delivers them in chosen chunks, one more chunk per wait,
/// each chunk its own buffer segment: every split point of the input can be tested deterministically.
/// </summary>
internal sealed class ChunkedPipeReader : PipeReader
{
    private readonly ReadOnlySequence<byte> _whole;
    private readonly long[] _ends;
    private int _chunksExposed;
    private long _consumed;
    private long _examined;

    public ChunkedPipeReader(byte[] data, IEnumerable<int> chunkSizes)
    {
        var sizes = chunkSizes.Where(s => s > 0).ToList();
        if (sizes.Sum() != data.Length)
            throw new ArgumentException("Chunk sizes must add up to the data length");
        Segment? first = null;
        Segment? last = null;
        var ends = new List<long>();
        long offset = 0;
        foreach (int size in sizes)
        {
            var segment = new Segment(data.AsMemory((int)offset, size), offset);
            if (last is null)
                first = segment;
            else
                last.Next = segment;
            last = segment;
            offset += size;
            ends.Add(offset);
        }
        _whole = first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
        _ends = [.. ends];
    }

    /// <summary>How many times the reader had to wait for more input.</summary>
    public int Waits { get; private set; }

    private long Exposed => _chunksExposed == 0 ? 0 : _ends[_chunksExposed - 1];

    private bool AllExposed => _chunksExposed == _ends.Length;

    public override bool TryRead(out ReadResult result)
    {
        if (Exposed > _examined || (AllExposed && Exposed == _consumed))
        {
            result = Current();
            return true;
        }
        result = default;
        return false;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_examined >= Exposed && !AllExposed)
        {
            _chunksExposed++;
            Waits++;
        }
        return ValueTask.FromResult(Current());
    }

    private ReadResult Current() =>
        new(_whole.Slice(_consumed, Exposed - _consumed), isCanceled: false, isCompleted: AllExposed);

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        long c = _whole.Slice(_whole.Start, consumed).Length;
        long e = _whole.Slice(_whole.Start, examined).Length;
        if (c < _consumed || e < c)
            throw new InvalidOperationException("Advanced backwards");
        _consumed = c;
        _examined = Math.Max(_examined, e);
    }

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public new Segment? Next
        {
            get => (Segment?)base.Next;
            set => base.Next = value;
        }
    }
}
