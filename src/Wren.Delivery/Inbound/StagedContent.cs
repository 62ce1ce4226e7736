namespace Wren.Delivery.Inbound;

/// <summary>
/// Holds a message's bytes while it is checked (DKIM, DMARC) or signed, before anything is written to the
/// store: fields that depend on the whole message (Authentication-Results, DKIM-Signature, an ARC set) go at
/// the top, so the message is staged first and copied into the store's spool afterwards. Small messages stay
/// in memory; larger ones spill to an unlinked temporary file, so memory stays bounded whatever the size and
/// nothing is left behind if the process dies.
/// </summary>
internal sealed class StagedContent : Stream
{
    private readonly string directory;
    private readonly int threshold;
    private MemoryStream? memory = new();
    private FileStream? file;
    private bool disposed;

    /// <summary>Stages in memory up to <paramref name="threshold"/> bytes, then in a file in <paramref name="directory"/>.</summary>
    public StagedContent(string directory, int threshold)
    {
        this.directory = directory;
        this.threshold = threshold;
    }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// A seekable read-only view of everything written, from its start. Each call gives an independent view;
    /// no more writes may follow.
    /// </summary>
    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (memory is not null)
            return new MemoryStream(memory.GetBuffer(), 0, (int)memory.Length, writable: false);
        file!.Flush();
        // Reading through the same descriptor: the file has no name any more (see Spill).
        return new FileWindow(file, BytesWritten);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (memory is not null && BytesWritten + buffer.Length > threshold)
            Spill();
        if (memory is not null)
            memory.Write(buffer);
        else
            file!.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (memory is not null && BytesWritten + buffer.Length > threshold)
            Spill();
        if (memory is not null)
            memory.Write(buffer.Span);
        else
            await file!.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        BytesWritten += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Spill()
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"wren-stage-{Guid.NewGuid():N}.tmp");
        file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        // Unlinked at once: the open descriptor keeps the bytes, and a crash cannot leave the file behind.
        File.Delete(path);
        memory!.Position = 0;
        memory.CopyTo(file);
        memory = null;
    }

    public override void Flush() => file?.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => file?.FlushAsync(cancellationToken) ?? Task.CompletedTask;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !disposed;
    public override long Length => BytesWritten;
    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            memory = null;
            file?.Dispose();
            file = null;
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            memory = null;
            if (file is not null)
                await file.DisposeAsync().ConfigureAwait(false);
            file = null;
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A read-only, seekable window on the staged file with a position of its own.</summary>
    private sealed class FileWindow(FileStream file, long length) : Stream
    {
        private long position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = RandomAccess.Read(file.SafeFileHandle, buffer[..(int)Math.Min(buffer.Length, length - position)], position);
            position += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = await RandomAccess.ReadAsync(file.SafeFileHandle, buffer[..(int)Math.Min(buffer.Length, length - position)], position, cancellationToken).ConfigureAwait(false);
            position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin)
        {
            long target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => position + offset,
                _ => length + offset,
            };
            ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
            position = target;
            return position;
        }

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => position; set => Seek(value, SeekOrigin.Begin); }
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
