using System.Text;

namespace Wren.Delivery.Outbound;

/// <summary>
/// The bytes to relay for a queued message. The store keeps each message with the <c>Return-Path:</c> line
/// that local delivery adds (RFC 5321 §4.4); a relaying MTA must not pass it on (§4.4: only the final
/// delivery adds it), so this stream skips that first line and serves the rest unchanged.
/// </summary>
public sealed class QueuedContent : Stream
{
    private static readonly byte[] ReturnPath = Encoding.ASCII.GetBytes("Return-Path:");
    private readonly Stream inner;
    private byte[]? prefix; // what was read while looking for the line, to serve first
    private int prefixOffset;
    private bool started;

    /// <summary>Wraps the stored stream (owned and disposed with this).</summary>
    public QueuedContent(Stream stored) => inner = stored;

    /// <inheritdoc />
    public override bool CanRead => true;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => false;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// The length of what this stream serves when the stored stream's length is known: the stored length less
    /// the skipped line. Known only after the first read; call <see cref="PrepareAsync"/> first.
    /// </summary>
    public long? ContentLength { get; private set; }

    /// <summary>Reads past the Return-Path line (if any) so that <see cref="ContentLength"/> is known.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (started)
            return;
        started = true;
        var head = new byte[HeadSize];
        int filled = 0;
        while (filled < head.Length && Array.IndexOf(head, (byte)'\n', 0, filled) < 0)
        {
            int read = await inner.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                break;
            filled += read;
        }
        SkipReturnPath(head, filled);
    }

    private void Prepare()
    {
        if (started)
            return;
        started = true;
        var head = new byte[HeadSize];
        int filled = 0;
        while (filled < head.Length && Array.IndexOf(head, (byte)'\n', 0, filled) < 0)
        {
            int read = inner.Read(head, filled, head.Length - filled);
            if (read == 0)
                break;
            filled += read;
        }
        SkipReturnPath(head, filled);
    }

    // The line is short (an address of at most 256 octets plus the name): 1 KiB is enough to find its end.
    private const int HeadSize = 1024;

    private void SkipReturnPath(byte[] head, int filled)
    {
        int skip = 0;
        if (filled >= ReturnPath.Length && head.AsSpan(0, ReturnPath.Length).SequenceEqual(ReturnPath))
        {
            int newline = Array.IndexOf(head, (byte)'\n', 0, filled);
            if (newline >= 0)
                skip = newline + 1;
        }
        prefix = head[skip..filled];
        if (inner.CanSeek)
            ContentLength = inner.Length - skip;
    }

    private int ServePrefix(Span<byte> buffer)
    {
        if (prefix is null || prefixOffset >= prefix.Length)
            return 0;
        int count = Math.Min(buffer.Length, prefix.Length - prefixOffset);
        prefix.AsSpan(prefixOffset, count).CopyTo(buffer);
        prefixOffset += count;
        return count;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        int served = ServePrefix(buffer.Span);
        return served > 0 || buffer.Length == 0 ? served : await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        Prepare();
        int served = ServePrefix(buffer);
        return served > 0 || buffer.Length == 0 ? served : inner.Read(buffer);
    }

    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
