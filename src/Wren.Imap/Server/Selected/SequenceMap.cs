namespace Wren.Imap.Server.Selected;

/// <summary>
/// A session's message sequence numbers (RFC 9051 §2.3.1.2): the UIDs the client knows, ascending, sequence
/// number n being the n-th. Kept as runs of consecutive UIDs, so a mailbox of 100,000 messages that were never
/// expunged in the middle costs a few bytes, not 800 KB: this is most of what an idle selected session holds.
/// </summary>
internal sealed class SequenceMap
{
    // Runs of consecutive UIDs: _firstUid[i] .. _firstUid[i] + _length[i] - 1. _startSeq[i] is the sequence
    // number of the first UID of run i (1-based), kept up to date on every change.
    private readonly List<long> _firstUid = [];
    private readonly List<int> _length = [];
    private readonly List<int> _startSeq = [];

    /// <summary>Builds the map from UIDs in ascending order.</summary>
    public SequenceMap(IEnumerable<long> ascendingUids)
    {
        foreach (long uid in ascendingUids)
            Append(uid);
    }

    /// <summary>The number of messages (EXISTS).</summary>
    public int Count { get; private set; }

    /// <summary>The highest UID, or 0 when empty.</summary>
    public long LastUid => _firstUid.Count == 0 ? 0 : _firstUid[^1] + _length[^1] - 1;

    /// <summary>The UID of sequence number <paramref name="seq"/> (1-based).</summary>
    public long UidAt(int seq)
    {
        if (seq < 1 || seq > Count)
            throw new ArgumentOutOfRangeException(nameof(seq));
        int run = RunOfSeq(seq);
        return _firstUid[run] + (seq - _startSeq[run]);
    }

    /// <summary>The sequence number of <paramref name="uid"/>, or 0 when it is not in the map.</summary>
    public int SeqOf(long uid)
    {
        int run = RunOfUid(uid);
        return run < 0 ? 0 : _startSeq[run] + (int)(uid - _firstUid[run]);
    }

    /// <summary>True when <paramref name="uid"/> is in the map.</summary>
    public bool Contains(long uid) => RunOfUid(uid) >= 0;

    /// <summary>Adds a UID above every UID in the map (new mail). Returns false, changing nothing, otherwise.</summary>
    public bool Append(long uid)
    {
        if (uid <= LastUid)
            return false;
        if (_firstUid.Count > 0 && uid == LastUid + 1)
        {
            _length[^1]++;
        }
        else
        {
            _firstUid.Add(uid);
            _length.Add(1);
            _startSeq.Add(Count + 1);
        }
        Count++;
        return true;
    }

    /// <summary>Removes a UID (an announced expunge). Returns its sequence number before removal, or 0 when absent.</summary>
    public int Remove(long uid)
    {
        int run = RunOfUid(uid);
        if (run < 0)
            return 0;
        int seq = _startSeq[run] + (int)(uid - _firstUid[run]);
        long first = _firstUid[run];
        int length = _length[run];
        if (length == 1)
        {
            _firstUid.RemoveAt(run);
            _length.RemoveAt(run);
            _startSeq.RemoveAt(run);
        }
        else if (uid == first)
        {
            _firstUid[run] = first + 1;
            _length[run] = length - 1;
            run++;
        }
        else if (uid == first + length - 1)
        {
            _length[run] = length - 1;
            run++;
        }
        else
        {
            int before = (int)(uid - first);
            _length[run] = before;
            _firstUid.Insert(run + 1, uid + 1);
            _length.Insert(run + 1, length - before - 1);
            _startSeq.Insert(run + 1, seq);
            run += 2;
        }
        // Every later run moves down by one (the split-off run above already has its final start).
        for (int i = run; i < _startSeq.Count; i++)
            _startSeq[i]--;
        Count--;
        return seq;
    }

    /// <summary>Every UID, ascending.</summary>
    public IEnumerable<long> Uids()
    {
        for (int run = 0; run < _firstUid.Count; run++)
        {
            for (int i = 0; i < _length[run]; i++)
                yield return _firstUid[run] + i;
        }
    }

    /// <summary>The UIDs of sequence numbers <paramref name="low"/> to <paramref name="high"/>, clipped to the map, as ranges.</summary>
    public IEnumerable<(long First, long Last)> UidRangesOfSeqs(int low, int high)
    {
        low = Math.Max(low, 1);
        high = Math.Min(high, Count);
        if (low > high)
            yield break;
        for (int run = RunOfSeq(low); run < _firstUid.Count && _startSeq[run] <= high; run++)
        {
            int runLow = Math.Max(low, _startSeq[run]);
            int runHigh = Math.Min(high, _startSeq[run] + _length[run] - 1);
            yield return (_firstUid[run] + (runLow - _startSeq[run]), _firstUid[run] + (runHigh - _startSeq[run]));
        }
    }

    /// <summary>The UIDs of the map within <paramref name="first"/>..<paramref name="last"/>, as ranges.</summary>
    public IEnumerable<(long First, long Last)> UidRangesWithin(long first, long last)
    {
        for (int run = 0; run < _firstUid.Count; run++)
        {
            long runFirst = _firstUid[run];
            long runLast = runFirst + _length[run] - 1;
            if (runLast < first)
                continue;
            if (runFirst > last)
                yield break;
            yield return (Math.Max(first, runFirst), Math.Min(last, runLast));
        }
    }

    private int RunOfSeq(int seq)
    {
        int lo = 0, hi = _startSeq.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_startSeq[mid] <= seq)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo;
    }

    private int RunOfUid(long uid)
    {
        int lo = 0, hi = _firstUid.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (uid < _firstUid[mid])
                hi = mid - 1;
            else if (uid > _firstUid[mid] + _length[mid] - 1)
                lo = mid + 1;
            else
                return mid;
        }
        return -1;
    }
}
