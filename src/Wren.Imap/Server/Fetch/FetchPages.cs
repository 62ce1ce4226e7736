using Wren.Store.Messages;

namespace Wren.Imap.Server.Fetch;

/// <summary>Cuts a large FETCH into pages, so that it is read and answered a page at a time.</summary>
internal static class FetchPages
{
    /// <summary>The set cut into pieces of at most <paramref name="size"/> UIDs (the set holds only UIDs present).</summary>
    public static List<UidSet> Split(UidSet set, int size)
    {
        var pages = new List<UidSet>();
        var current = new List<UidRange>();
        long inCurrent = 0;
        foreach (UidRange range in set)
        {
            long first = range.First;
            while (first <= range.Last)
            {
                long take = Math.Min(range.Last - first + 1, size - inCurrent);
                current.Add(new UidRange(first, first + take - 1));
                inCurrent += take;
                first += take;
                if (inCurrent == size)
                {
                    pages.Add(UidSet.Of(current));
                    current = [];
                    inCurrent = 0;
                }
                if (first == 0)
                    break; // wrapped past long.MaxValue
            }
        }
        if (current.Count > 0 || pages.Count == 0)
            pages.Add(UidSet.Of(current));
        return pages;
    }
}
