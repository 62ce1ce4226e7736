using System.Collections.Concurrent;
using Wren.Store.Messages;

namespace Wren.Imap.Server.Selected;

/// <summary>
/// The selected mailbox as one session sees it (RFC 9051 §6.3.2): its sequence numbers, the keywords the
/// client was told about, and the store's changes not yet announced. Changes arrive from the store's change
/// feed on the writer's thread and are only queued here; the session takes them (<see cref="TakeChanges"/>)
/// at the moments RFC 9051 §7.5.1 allows, so the client's sequence numbers move only when it is told.
/// </summary>
internal sealed class SelectedMailbox : IDisposable
{
    private readonly ConcurrentQueue<StoreChange> _incoming = new();
    private readonly IDisposable _subscription;
    private readonly long _userId;
    // Expunges taken from the feed but not yet announced: their UIDs stay in Map until they are.
    private readonly SortedSet<long> _unannouncedExpunges = [];
    // The session's own STOREs, already answered with FETCH: the feed's echo of them is not announced again.
    private readonly Dictionary<long, long> _ownFlagChanges = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _baselineModSeq;

    /// <summary>
    /// Subscribes to the feed; call before reading the mailbox, then <see cref="Load"/> with what was read, so
    /// no change falls between the two (changes at or below the snapshot's HIGHESTMODSEQ are then ignored).
    /// </summary>
    public SelectedMailbox(IChangeFeed feed, long userId, long mailboxId, bool readOnly)
    {
        _userId = userId;
        MailboxId = mailboxId;
        ReadOnly = readOnly;
        _subscription = feed.Subscribe(OnChange);
    }

    /// <summary>The mailbox's id in the store (it survives renames).</summary>
    public long MailboxId { get; }

    /// <summary>EXAMINE, or a SELECT that could only be read-only.</summary>
    public bool ReadOnly { get; }

    /// <summary>Its name now (follows renames).</summary>
    public string Name { get; private set; } = "";

    /// <summary>UIDVALIDITY.</summary>
    public long UidValidity { get; private set; }

    /// <summary>The sequence numbers the client knows.</summary>
    public SequenceMap Map { get; private set; } = new([]);

    /// <summary>Keywords the client has been told about in FLAGS (RFC 9051 §7.3.5), case-insensitive.</summary>
    public List<string> Keywords { get; } = [];

    /// <summary>The highest MODSEQ the session has seen (its snapshot, then every change taken).</summary>
    public long HighestModSeq { get; private set; }

    /// <summary>RFC 5182 SEARCHRES: the UIDs saved by the last SEARCH/SORT … RETURN (SAVE); empty until then.</summary>
    public UidSet SavedSearch { get; set; } = UidSet.Empty;

    /// <summary>
    /// The UIDs that are \Recent in this session (RFC 3501 §2.3.2), some perhaps expunged since; see
    /// <see cref="RecentMessages"/>.
    /// </summary>
    public UidSet Recent { get; private set; } = UidSet.Empty;

    /// <summary>True when the message is \Recent in this session.</summary>
    public bool IsRecent(long uid) => Recent.Contains(uid);

    /// <summary>How many messages the client knows are \Recent (the RECENT response).</summary>
    public int RecentCount => Recent.Sum(range => Map.UidRangesWithin(range.First, range.Last).Sum(r => (int)(r.Last - r.First + 1)));

    /// <summary>
    /// Takes the recent messages up to the newest in the map: claimed for this session when read-write, only
    /// looked at when read-only (EXAMINE must not clear \Recent, RFC 3501 §6.3.2).
    /// </summary>
    public void ClaimRecent(RecentMessages recent)
    {
        long uidNext = Map.LastUid + 1;
        long first = ReadOnly ? recent.FirstUnclaimed(MailboxId, UidValidity) : recent.Claim(MailboxId, UidValidity, uidNext);
        if (first < uidNext)
            Recent = UidSet.Of(Recent.Append(new UidRange(first, uidNext - 1)));
    }

    /// <summary>True once the mailbox was deleted (by any session): every message is gone.</summary>
    public bool IsDeleted { get; private set; }

    /// <summary>Completes when a change arrives after the last <see cref="TakeChanges"/> (IDLE waits on it).</summary>
    public Task Changed => _changed.Task;

    /// <summary>Sets the state read after subscribing.</summary>
    public void Load(MailboxStatus status, IEnumerable<long> ascendingUids, IEnumerable<string> keywords)
    {
        Name = status.Name;
        UidValidity = status.UidValidity;
        HighestModSeq = _baselineModSeq = status.HighestModSeq;
        Map = new SequenceMap(ascendingUids);
        foreach (string keyword in keywords)
            AddKeyword(keyword);
    }

    /// <summary>Adds a keyword to <see cref="Keywords"/>; false when it was known (in any case).</summary>
    public bool AddKeyword(string keyword)
    {
        if (Keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
            return false;
        Keywords.Add(keyword);
        return true;
    }

    /// <summary>
    /// Records a flag change this session made and announces itself (STORE's own FETCH responses), so the
    /// feed's copy of it is not announced a second time.
    /// </summary>
    public void NoteOwnFlagChange(long uid, long modSeq) => _ownFlagChanges[uid] = modSeq;

    /// <summary>
    /// Takes the changes queued since the last call and applies them to <see cref="Map"/>: new messages are
    /// appended; expunges are applied only when <paramref name="expungesAllowed"/> (else they wait, their
    /// UIDs still in the map); flag changes of messages still in the map are returned, the latest per UID.
    /// </summary>
    public MailboxChanges TakeChanges(bool expungesAllowed)
    {
        if (_changed.Task.IsCompleted)
            _changed = NewSignal();
        // Most commands find nothing new: answer without allocating (the signal is reset first, so a change
        // queued from here on completes the new one).
        if (_incoming.IsEmpty && (!expungesAllowed || _unannouncedExpunges.Count == 0))
            return MailboxChanges.None;
        bool added = false;
        var flags = new SortedDictionary<long, StoreChange>();
        bool renamed = false;
        while (_incoming.TryDequeue(out StoreChange? change))
        {
            // A deleted mailbox's id may be given to a new one (SQLite reuses row ids): nothing after the
            // deletion concerns this selection.
            if (IsDeleted)
                continue;
            switch (change.Kind)
            {
                case StoreChangeKind.MailboxRenamed:
                    Name = change.MailboxName ?? Name;
                    renamed = true;
                    continue;
                case StoreChangeKind.MailboxDeleted:
                    IsDeleted = true;
                    foreach (long uid in Map.Uids())
                        _unannouncedExpunges.Add(uid);
                    continue;
            }
            if (change.ModSeq <= _baselineModSeq || change.Uid is not long changedUid)
                continue;
            HighestModSeq = Math.Max(HighestModSeq, change.ModSeq);
            switch (change.Kind)
            {
                case StoreChangeKind.MessageAdded:
                    added |= Map.Append(changedUid);
                    break;
                case StoreChangeKind.MessageExpunged:
                    if (Map.Contains(changedUid))
                        _unannouncedExpunges.Add(changedUid);
                    flags.Remove(changedUid);
                    break;
                case StoreChangeKind.FlagsChanged:
                    if (_ownFlagChanges.TryGetValue(changedUid, out long own) && change.ModSeq <= own)
                        break;
                    if (Map.Contains(changedUid) && !_unannouncedExpunges.Contains(changedUid))
                        flags[changedUid] = change;
                    break;
            }
        }
        _ownFlagChanges.Clear();

        var expunged = new List<(long Uid, int Seq)>();
        if (expungesAllowed && _unannouncedExpunges.Count > 0)
        {
            foreach (long uid in _unannouncedExpunges)
                expunged.Add((uid, Map.Remove(uid)));
            _unannouncedExpunges.Clear();
            SavedSearch = UidSet.Of(SavedSearch.Uids().Where(Map.Contains));
        }
        return new MailboxChanges(expunged, added ? Map.Count : null,
            flags.Values.ToList(), renamed);
    }

    /// <summary>
    /// True as soon as the store has deleted the mailbox, before the session takes the change: commands that
    /// address it by id must not run, since a new mailbox may be given the same id.
    /// </summary>
    public bool IsGone => Volatile.Read(ref _gone);

    private bool _gone;

    private void OnChange(StoreChange change)
    {
        // The writer's thread: queue and signal only.
        if (change.UserId != _userId || change.MailboxId != MailboxId)
            return;
        if (change.Kind == StoreChangeKind.MailboxDeleted)
            Volatile.Write(ref _gone, true);
        _incoming.Enqueue(change);
        _changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public void Dispose() => _subscription.Dispose();
}

/// <summary>What <see cref="SelectedMailbox.TakeChanges"/> found to announce.</summary>
/// <param name="Expunged">Expunged messages, with the sequence number each had when removed (announce in this order).</param>
/// <param name="Exists">The new EXISTS count when messages were added, else null (EXPUNGE says the rest).</param>
/// <param name="FlagChanges">Flag changes of messages still in the map (UID order).</param>
/// <param name="Renamed">The mailbox was renamed.</param>
internal sealed record MailboxChanges(IReadOnlyList<(long Uid, int Seq)> Expunged, int? Exists, IReadOnlyList<StoreChange> FlagChanges,
    bool Renamed)
{
    /// <summary>Nothing to announce.</summary>
    public static readonly MailboxChanges None = new([], null, [], false);
}
