namespace Wren.Delivery.Inbound;

/// <summary>
/// A write-through stream that counts the <c>Received:</c> fields of the header section passing through it
/// (RFC 5321 §6.3: counting them is how mail loops are caught). Only line starts are looked at, so it
/// costs a few comparisons per line and nothing after the blank line that ends the header section.
/// </summary>
internal sealed class HopCountingStream(Stream inner) : Stream
{
    private static readonly byte[] FieldName = "received:"u8.ToArray();

    private bool atLineStart = true;
    private bool inHeader = true;
    private bool lineIsEmptySoFar = true;
    private int matched; // octets of "received:" matched at the start of the current line; -1: no match
    private bool pendingCr;

    /// <summary>Received fields seen so far.</summary>
    public int Hops { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Scan(buffer);
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Scan(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Scan(ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length && inHeader; i++)
        {
            byte b = data[i];
            if (b == (byte)'\n')
            {
                if (lineIsEmptySoFar)
                    inHeader = false; // the blank line: the body starts
                atLineStart = true;
                lineIsEmptySoFar = true;
                matched = 0;
                pendingCr = false;
                continue;
            }
            if (b == (byte)'\r')
            {
                pendingCr = true;
                continue;
            }
            if (pendingCr)
                lineIsEmptySoFar = false; // a bare CR inside the line
            pendingCr = false;
            lineIsEmptySoFar = false;
            if (!atLineStart || matched < 0)
                continue;
            byte lower = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
            if (lower == FieldName[matched])
            {
                if (++matched == FieldName.Length)
                {
                    Hops++;
                    atLineStart = false;
                }
            }
            else
            {
                matched = -1;
            }
        }
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
