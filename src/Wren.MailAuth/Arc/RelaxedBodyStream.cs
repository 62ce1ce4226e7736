using System.Security.Cryptography;

namespace Wren.MailAuth.Arc;

/// <summary>
/// A write-only stream that canonicalizes what is written with RFC 6376 §3.4.4 "relaxed" body rules and feeds the
/// result to a hash, so a body of any size is hashed in bounded memory. Dispose (or <see cref="Complete"/>) ends it.
/// </summary>
internal sealed class RelaxedBodyStream(IncrementalHash hash) : Stream
{
    private readonly byte[] _buffer = new byte[4096];
    private int _length;
    private int _pendingLineBreaks; // line ends not written yet: trailing empty lines are dropped
    private bool _pendingSpace; // a WSP run not written yet: trailing WSP on a line is dropped
    private bool _pendingCr;
    private bool _anyContent;
    private bool _completed;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (byte b in buffer)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (b == '\n')
                {
                    EndLine();
                    continue;
                }
                Content((byte)'\r'); // a bare CR is ordinary content
            }
            switch (b)
            {
                case (byte)'\r':
                    _pendingCr = true;
                    break;
                case (byte)'\n':
                    EndLine(); // a bare LF ends a line too (the writer already made line ends CRLF)
                    break;
                case (byte)' ' or (byte)'\t':
                    _pendingSpace = true; // RFC 6376 §3.4.4: a WSP run becomes one SP …
                    break;
                default:
                    Content(b);
                    break;
            }
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends the body: one CRLF after the last non-empty line, none for an empty body (RFC 6376 §3.4.4).</summary>
    public void Complete()
    {
        if (_completed)
            return;
        _completed = true;
        if (_pendingCr)
            Content((byte)'\r');
        if (_anyContent)
        {
            Emit((byte)'\r');
            Emit((byte)'\n');
        }
        Flush();
    }

    /// <inheritdoc />
    public override void Flush()
    {
        hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Complete();
        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        Complete();
        return base.DisposeAsync();
    }

    private void EndLine()
    {
        _pendingSpace = false; // … and WSP at the end of a line is ignored
        _pendingLineBreaks++;
    }

    private void Content(byte b)
    {
        // RFC 6376 §3.4.4: empty lines at the end of the body are ignored, so line ends wait for content.
        for (; _pendingLineBreaks > 0; _pendingLineBreaks--)
        {
            Emit((byte)'\r');
            Emit((byte)'\n');
        }
        if (_pendingSpace)
            Emit((byte)' ');
        _pendingSpace = false;
        _anyContent = true;
        Emit(b);
    }

    private void Emit(byte b)
    {
        if (_length == _buffer.Length)
            Flush();
        _buffer[_length++] = b;
    }
}
