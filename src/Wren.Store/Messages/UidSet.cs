using System.Collections;

namespace Wren.Store.Messages;

/// <summary>
/// A set of UIDs as ascending, disjoint, non-adjacent ranges (RFC 9051 §9 sequence-set, resolved to UIDs).
/// "1:*" is one range, however many messages it covers.
/// </summary>
public sealed class UidSet : IReadOnlyList<UidRange>
{
    private readonly UidRange[] ranges;

    private UidSet(UidRange[] ranges)
    {
        this.ranges = ranges;
    }

    /// <summary>No UID.</summary>
    public static readonly UidSet Empty = new([]);

    /// <summary>Every UID (1:*).</summary>
    public static readonly UidSet All = new([new UidRange(1, long.MaxValue)]);

    /// <summary>The ranges, ascending.</summary>
    public IReadOnlyList<UidRange> Ranges => ranges;

    /// <inheritdoc />
    public int Count => ranges.Length;

    /// <inheritdoc />
    public UidRange this[int index] => ranges[index];

    /// <summary>True when no UID is in the set.</summary>
    public bool IsEmpty => ranges.Length == 0;

    /// <summary>One range, first to last inclusive (either order, as "5:2" means 2:5).</summary>
    public static UidSet Range(long first, long last) => Of([new UidRange(Math.Min(first, last), Math.Max(first, last))]);

    /// <summary>The set of these UIDs.</summary>
    public static UidSet Of(IEnumerable<long> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        return Of(uids.Select(u => new UidRange(u, u)));
    }

    /// <summary>The union of these ranges.</summary>
    public static UidSet Of(IEnumerable<UidRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var sorted = ranges.Select(r => r.First <= r.Last ? r : new UidRange(r.Last, r.First))
            .Where(r => r.Last >= 1).Select(r => r with { First = Math.Max(1, r.First) })
            .OrderBy(r => r.First).ToList();
        var merged = new List<UidRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && (merged[^1].Last == long.MaxValue || range.First <= merged[^1].Last + 1))
                merged[^1] = merged[^1] with { Last = Math.Max(merged[^1].Last, range.Last) };
            else
                merged.Add(range);
        }
        return merged.Count == 0 ? Empty : new UidSet([.. merged]);
    }

    /// <summary>True when <paramref name="uid"/> is in the set.</summary>
    public bool Contains(long uid)
    {
        int low = 0, high = ranges.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (uid < ranges[middle].First)
                high = middle - 1;
            else if (uid > ranges[middle].Last)
                low = middle + 1;
            else
                return true;
        }
        return false;
    }

    /// <summary>Every UID in the set, ascending (only for sets of known, bounded size).</summary>
    public IEnumerable<long> Uids()
    {
        foreach (var range in ranges)
        {
            for (long uid = range.First; ; uid++)
            {
                yield return uid;
                if (uid == range.Last)
                    break;
            }
        }
    }

    /// <summary>IMAP form: "1:3,7,9:12" (a range open at the top prints as "n:*").</summary>
    public override string ToString() =>
        string.Join(',', ranges.Select(r => r.First == r.Last ? Num(r.First) : Num(r.First) + ":" + (r.Last == long.MaxValue ? "*" : Num(r.Last))));

    /// <inheritdoc />
    public IEnumerator<UidRange> GetEnumerator() => ((IEnumerable<UidRange>)ranges).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Num(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>UIDs <see cref="First"/> to <see cref="Last"/>, inclusive.</summary>
public readonly record struct UidRange(long First, long Last);
