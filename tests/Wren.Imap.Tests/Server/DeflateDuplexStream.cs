using System.IO.Compression;

namespace Wren.Imap.Tests.Server;

/// <summary>A client's side of RFC 4978 COMPRESS=DEFLATE: inflate what is read, deflate and sync-flush every write.</summary>
internal sealed class DeflateDuplexStream(Stream inner) : Stream
{
    private readonly DeflateStream _inflate = new(inner, CompressionMode.Decompress, leaveOpen: true);
    private readonly DeflateStream _deflate = new(inner, CompressionLevel.Optimal, leaveOpen: true);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _inflate.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inflate.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count)
    {
        _deflate.Write(buffer, offset, count);
        _deflate.Flush();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _deflate.WriteAsync(buffer, cancellationToken);
        await _deflate.FlushAsync(cancellationToken);
    }

    public override void Flush() => _deflate.Flush();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflate.Dispose();
            _deflate.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
