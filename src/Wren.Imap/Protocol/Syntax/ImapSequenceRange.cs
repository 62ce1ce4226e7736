namespace Wren.Imap.Protocol;

/// <summary>
/// One element of a sequence set (RFC 9051 §9 seq-range): a number or a range of message sequence numbers or
/// UIDs. <see cref="Star"/> (0, never a valid number) stands for "*", the largest number in use. "2:4" and
/// "4:2" are the same range; the bounds are kept as sent, <see cref="Resolve"/> orders them.
/// </summary>
/// <param name="First">The first bound, or <see cref="Star"/>.</param>
/// <param name="Last">The second bound (equal to <paramref name="First"/> for a single number), or <see cref="Star"/>.</param>
public readonly record struct ImapSequenceRange(uint First, uint Last)
{
    /// <summary>The value that stands for "*".</summary>
    public const uint Star = 0;

    /// <summary>True for a single number (or a single "*").</summary>
    public bool IsSingle => First == Last;

    /// <summary>
    /// The range as (low, high) once "*" is replaced by <paramref name="largest"/>, the largest number in use
    /// (0 in an empty mailbox).
    /// </summary>
    public (uint Low, uint High) Resolve(uint largest)
    {
        uint a = First == Star ? largest : First;
        uint b = Last == Star ? largest : Last;
        return a <= b ? (a, b) : (b, a);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        string a = First == Star ? "*" : First.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (IsSingle)
            return a;
        string b = Last == Star ? "*" : Last.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return a + ":" + b;
    }
}
