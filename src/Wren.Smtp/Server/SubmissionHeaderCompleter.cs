using System.Text;

namespace Wren.Smtp.Server;

/// <summary>
/// RFC 6409 §8.3 and §8.4: a submission server may add the Date and Message-ID fields a client left out.
/// This stream holds back the header section (up to a limit) while it passes through, checks which of the
/// two fields are present, and writes the missing ones in front of it. The body then streams unbuffered.
/// Call <see cref="FlushAsync(CancellationToken)"/> at the end of the message.
/// </summary>
internal sealed class SubmissionHeaderCompleter : Stream
{
    // Header sections larger than this are passed through unchanged rather than held in memory.
    private const int MaxHeldHeaderBytes = 256 * 1024;

    private readonly Stream _inner;
    private readonly Func<string> _newMessageId;
    private readonly Func<string> _now;
    private MemoryStream? _held = new();

    /// <param name="inner">Where the completed message goes.</param>
    /// <param name="newMessageId">Makes a Message-ID value (with angle brackets).</param>
    /// <param name="now">Makes a Date value (RFC 5322 date-time).</param>
    public SubmissionHeaderCompleter(Stream inner, Func<string> newMessageId, Func<string> now)
    {
        _inner = inner;
        _newMessageId = newMessageId;
        _now = now;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_held is null)
        {
            await _inner.WriteAsync(buffer, cancellationToken);
            return;
        }
        long searchFrom = Math.Max(0, _held.Length - 3);
        _held.Write(buffer.Span);
        if (EndOfHeaders(searchFrom) >= 0 || _held.Length > MaxHeldHeaderBytes)
            await ReleaseAsync(cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_held is not null)
            await ReleaseAsync(cancellationToken);
        await _inner.FlushAsync(cancellationToken);
    }

    public override void Flush() => FlushAsync().GetAwaiter().GetResult();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private long EndOfHeaders(long from)
    {
        var bytes = _held!.GetBuffer().AsSpan(0, (int)_held.Length);
        if (bytes.StartsWith("\r\n"u8))
            return 0;
        int at = bytes[(int)from..].IndexOf("\r\n\r\n"u8);
        return at < 0 ? -1 : from + at;
    }

    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var held = _held!;
        _held = null;
        var bytes = held.GetBuffer().AsMemory(0, (int)held.Length);
        if (held.Length <= MaxHeldHeaderBytes)
        {
            long end = EndOfHeadersIn(bytes.Span);
            string headers = Encoding.UTF8.GetString(bytes.Span[..(int)(end < 0 ? bytes.Length : end)]);
            var extra = new StringBuilder();
            if (!HasField(headers, "Date"))
                extra.Append("Date: ").Append(_now()).Append("\r\n");
            if (!HasField(headers, "Message-ID"))
                extra.Append("Message-ID: ").Append(_newMessageId()).Append("\r\n");
            if (extra.Length > 0)
                await _inner.WriteAsync(Encoding.ASCII.GetBytes(extra.ToString()), cancellationToken);
        }
        await _inner.WriteAsync(bytes, cancellationToken);
    }

    private static long EndOfHeadersIn(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("\r\n"u8) ? 0 : bytes.IndexOf("\r\n\r\n"u8);

    // A field starts a line (not a continuation) with its name and a colon, RFC 5322 §2.2.
    private static bool HasField(string headers, string name)
    {
        foreach (string line in headers.Split("\r\n"))
        {
            if (line.Length > name.Length && line.StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && line.AsSpan(name.Length).TrimStart(" \t").StartsWith(":"))
                return true;
        }
        return false;
    }
}
