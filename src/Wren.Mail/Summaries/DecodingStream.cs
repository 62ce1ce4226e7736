using MimeKit.IO.Filters;

namespace Wren.Mail.Summaries;

/// <summary>
/// A read-only stream that runs what it reads from a source through a MimeKit <see cref="IMimeFilter"/>
/// (a decoder), in bounded buffers, flushing the filter at the source's end. Disposing it disposes the source.
/// </summary>
internal sealed class DecodingStream(Stream source, IMimeFilter filter) : Stream
{
    private readonly byte[] _input = new byte[16 * 1024];
    private byte[] _output = [];
    private int _outputIndex;
    private int _outputLength;
    private bool _finished;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_outputLength == 0 && !_finished)
            Decode(source.Read(_input, 0, _input.Length));
        return Drain(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outputLength == 0 && !_finished)
            Decode(await source.ReadAsync(_input.AsMemory(), cancellationToken).ConfigureAwait(false));
        return Drain(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Decode(int read)
    {
        if (read == 0)
        {
            _finished = true;
            _output = filter.Flush(_input, 0, 0, out _outputIndex, out _outputLength);
        }
        else
        {
            _output = filter.Filter(_input, 0, read, out _outputIndex, out _outputLength);
        }
    }

    private int Drain(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _outputLength);
        _output.AsSpan(_outputIndex, n).CopyTo(buffer);
        _outputIndex += n;
        _outputLength -= n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            source.Dispose();
        base.Dispose(disposing);
    }
}
