namespace Wren.Delivery.Tests.Bounces;

/// <summary>
/// A read-only message of <c>header + bodyLength</c> octets whose body is generated on the fly (no 10 MB
/// buffer in the test), counting how many octets the reader asked for.
/// </summary>
internal sealed class CountingStream(byte[] header, long bodyLength) : Stream
{
    private long _position;

    public long BytesRead => _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long total = header.Length + bodyLength;
        int n = (int)Math.Min(buffer.Length, total - _position);
        for (int i = 0; i < n; i++)
        {
            long p = _position + i;
            // The body is lines of 'z' ending in CRLF: a well-formed message, just a big one.
            buffer[i] = p < header.Length ? header[p] : ((p - header.Length) % 78) switch { 76 => (byte)'\r', 77 => (byte)'\n', _ => (byte)'z' };
        }
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
