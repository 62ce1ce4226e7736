namespace Wren.Mail.Summaries;

/// <summary>A run of bytes of the stored message: <see cref="Offset"/> from its first byte, <see cref="Length"/> bytes long.</summary>
/// <param name="Offset">Where the run starts, counted from the first byte of the stored message.</param>
/// <param name="Length">How many bytes the run holds.</param>
public readonly record struct ByteRange(long Offset, long Length)
{
    /// <summary>The offset just past the last byte of the run.</summary>
    public long End => Offset + Length;

    /// <summary>An empty run at <paramref name="offset"/>.</summary>
    public static ByteRange Empty(long offset) => new(offset, 0);

    /// <summary>The run from <paramref name="start"/> to <paramref name="end"/> (exclusive); an inverted pair gives an empty run.</summary>
    public static ByteRange FromBounds(long start, long end) => new(start, Math.Max(0, end - start));

    /// <summary>
    /// The partial range of a FETCH BODY[…]&lt;<paramref name="start"/>.<paramref name="count"/>&gt; (RFC 9051 §6.4.5):
    /// at most <paramref name="count"/> bytes from <paramref name="start"/> within this run; empty when
    /// <paramref name="start"/> lies past its end.
    /// </summary>
    public ByteRange Slice(long start, long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long from = Math.Min(start, Length);
        return new ByteRange(Offset + from, Math.Min(count, Length - from));
    }
}
