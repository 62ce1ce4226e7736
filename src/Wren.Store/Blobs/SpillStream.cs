namespace Wren.Store.Blobs;

/// <summary>
/// The write-only stream behind <see cref="SpillingSpool.Content"/>: bytes stay in memory up to a threshold,
/// then everything moves to a new file in the <see cref="BlobDirectory"/> and later writes go straight to it,
/// so a message of any size costs at most the threshold plus the file buffer in memory.
/// </summary>
internal sealed class SpillStream : Stream
{
    private readonly BlobDirectory directory;
    private readonly int threshold;
    private MemoryStream? memory = new();
    private FileStream? file;
    private long length;
    private bool isSealed;
    private bool disposed;

    public SpillStream(BlobDirectory directory, int threshold)
    {
        this.directory = directory;
        this.threshold = threshold;
    }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten => length;

    /// <summary>The file the content spilled to, or null while it is held in memory.</summary>
    public BlobFile? File { get; private set; }

    /// <summary>While sealed (a commit is in flight or done), writes throw.</summary>
    public bool IsSealed
    {
        get => isSealed;
        set => isSealed = value;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !disposed && !isSealed;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        CheckWritable();
        if (memory is not null && length + buffer.Length > threshold)
            Spill();
        if (memory is not null)
            memory.Write(buffer);
        else
            file!.Write(buffer);
        length += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckWritable();
        if (memory is not null && length + buffer.Length > threshold)
            await SpillAsync(cancellationToken).ConfigureAwait(false);
        if (memory is not null)
            memory.Write(buffer.Span);
        else
            await file!.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        length += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => file?.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        file is null ? Task.CompletedTask : file.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>
    /// A seekable read-only view of what was written so far (a message is summarised from it before it is
    /// committed). Writing more afterwards is not seen by the view; dispose it before committing.
    /// </summary>
    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (memory is not null)
            return new MemoryStream(memory.GetBuffer(), 0, (int)memory.Length, writable: false);
        file!.Flush();
        return new FileStream(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16 * 1024, FileOptions.Asynchronous);
    }

    /// <summary>The content when it is still in memory (a copy of exactly <see cref="BytesWritten"/> bytes), else null.</summary>
    public byte[]? InlineContent() => memory?.ToArray();

    /// <summary>Writes buffered bytes to the file and fsyncs it (fsync(2) on the file's data and size).</summary>
    public void FlushToDisk() => file?.Flush(flushToDisk: true);

    /// <summary>Copies up to <paramref name="destination"/>'s length of leading content; returns the count.</summary>
    public int ReadPrefix(Span<byte> destination)
    {
        if (memory is not null)
        {
            int count = (int)Math.Min(destination.Length, memory.Length);
            memory.GetBuffer().AsSpan(0, count).CopyTo(destination);
            return count;
        }
        file!.Flush();
        int total = 0;
        while (total < destination.Length)
        {
            int read = RandomAccess.Read(file.SafeFileHandle, destination[total..], total);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            memory = null;
            file?.Dispose();
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
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void CheckWritable()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (isSealed)
            throw new InvalidOperationException("The message was handed to CommitAsync; its content can no longer change.");
    }

    private void Spill()
    {
        var (blob, stream) = directory.CreateFile();
        try
        {
            stream.Write(memory!.GetBuffer().AsSpan(0, (int)memory.Length));
        }
        catch
        {
            Abandon(blob, stream);
            throw;
        }
        Adopt(blob, stream);
    }

    private async ValueTask SpillAsync(CancellationToken cancellationToken)
    {
        var (blob, stream) = directory.CreateFile();
        try
        {
            await stream.WriteAsync(memory!.GetBuffer().AsMemory(0, (int)memory.Length), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Abandon(blob, stream);
            throw;
        }
        Adopt(blob, stream);
    }

    private void Adopt(BlobFile blob, FileStream stream)
    {
        File = blob;
        file = stream;
        memory = null;
    }

    private void Abandon(BlobFile blob, FileStream stream)
    {
        stream.Dispose();
        directory.Delete(blob.RelativePath);
    }
}
