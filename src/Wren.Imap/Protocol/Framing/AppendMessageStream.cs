namespace Wren.Imap.Protocol;

/// <summary>
/// An APPEND message literal, read straight from the connection: exactly the announced octets, in the
/// pipe's buffers, never the whole message in memory. Read-only, forward-only, asynchronous only.
/// </summary>
internal sealed class AppendMessageStream : Stream
{
    private readonly ImapCommandReader _reader;
    private readonly long _length;

    public AppendMessageStream(ImapCommandReader reader, long length)
    {
        _reader = reader;
        _length = length;
        Remaining = length;
    }

    /// <summary>Octets not read yet.</summary>
    public long Remaining { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _length - Remaining;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Remaining == 0 || buffer.IsEmpty)
            return 0;
        int copied = await _reader.ReadLiteralChunkAsync(buffer, Remaining, cancellationToken);
        if (copied == 0)
            throw new IOException("The client closed the connection inside an APPEND literal");
        Remaining -= copied;
        return copied;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // No sync-over-async (DESIGN.md): synchronous reads are not offered.
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Read the APPEND message asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
