namespace Wren.Imap.Protocol;

/// <summary>
/// A sequence set (RFC 9051 §9 sequence-set): ranges of message sequence numbers or UIDs, or "$", the result
/// saved by SEARCH RETURN (SAVE) (RFC 5182 §2.1).
/// </summary>
public sealed class ImapSequenceSet
{
    /// <summary>"$": the saved search result (RFC 5182).</summary>
    public static ImapSequenceSet SavedResult { get; } = new([], true);

    /// <summary>A set of ranges.</summary>
    public ImapSequenceSet(IReadOnlyList<ImapSequenceRange> ranges)
        : this(ranges, false)
    {
    }

    private ImapSequenceSet(IReadOnlyList<ImapSequenceRange> ranges, bool saved)
    {
        Ranges = ranges;
        IsSavedResult = saved;
    }

    /// <summary>The ranges in the order sent; empty for "$".</summary>
    public IReadOnlyList<ImapSequenceRange> Ranges { get; }

    /// <summary>True for "$" (RFC 5182): the session substitutes its saved result.</summary>
    public bool IsSavedResult { get; }

    /// <summary>True when a range uses "*".</summary>
    public bool UsesStar => Ranges.Any(r => r.First == ImapSequenceRange.Star || r.Last == ImapSequenceRange.Star);

    /// <summary>Whether <paramref name="number"/> is in the set, "*" being <paramref name="largest"/>.</summary>
    public bool Contains(uint number, uint largest)
    {
        foreach (ImapSequenceRange range in Ranges)
        {
            (uint low, uint high) = range.Resolve(largest);
            if (number >= low && number <= high)
                return true;
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => IsSavedResult ? "$" : string.Join(',', Ranges);
}
