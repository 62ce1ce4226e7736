using MimeKit.Cryptography;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// A write-only stream that counts the bytes of a body's canonical form (RFC 6376 §3.4.3 simple, §3.4.4
/// relaxed) without keeping them, to compare with l=. Input lines end in CRLF.
/// </summary>
internal sealed class DkimCanonicalBodyLength(DkimCanonicalizationAlgorithm canonicalization) : Stream
{
    private readonly bool _relaxed = canonicalization == DkimCanonicalizationAlgorithm.Relaxed;
    private long _committed;
    private long _pendingEmptyLines;
    private long _line;
    private bool _pendingSpace;
    private bool _pendingCr;

    /// <summary>The canonical length of what was written so far, as if the body ended here.</summary>
    public long CanonicalLength
    {
        get
        {
            long line = _line + (_pendingCr ? 1 : 0);
            // A last line without CRLF gets one (§3.4.3, §3.4.4); trailing empty lines are dropped.
            long length = line > 0 ? _committed + (_pendingEmptyLines * 2) + line + 2 : _committed;
            // RFC 6376 §3.4.3: an empty body is canonicalized as a single CRLF under "simple".
            return length == 0 && !_relaxed ? 2 : length;
        }
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
                Content(); // a bare CR is content
            }
            if (b == '\r')
                _pendingCr = true;
            else if (_relaxed && b is (byte)' ' or (byte)'\t')
                _pendingSpace = true; // §3.4.4: runs of WSP become one SP; WSP at the end of a line goes
            else
                Content();
        }
    }

    private void Content()
    {
        if (_pendingSpace)
        {
            _line++;
            _pendingSpace = false;
        }
        _line++;
    }

    private void EndLine()
    {
        _pendingSpace = false;
        if (_line == 0)
        {
            _pendingEmptyLines++;
            return;
        }
        _committed += (_pendingEmptyLines * 2) + _line + 2;
        _pendingEmptyLines = 0;
        _line = 0;
    }

    /// <inheritdoc />
    public override bool CanRead => false;
    /// <inheritdoc />
    public override bool CanSeek => false;
    /// <inheritdoc />
    public override bool CanWrite => true;
    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    /// <inheritdoc />
    public override void Flush() { }
    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();
}
