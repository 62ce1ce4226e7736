using System.Text;
using Wren.Imap.Protocol;
using Wren.Imap.Server.Selected;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9051 §6.3.2–3 SELECT/EXAMINE and §6.4.1–3 CHECK/CLOSE/UNSELECT/EXPUNGE, RFC 4315 UID EXPUNGE, RFC 7162
// CONDSTORE/QRESYNC at SELECT; and the two things every selected-state command shares: resolving a sequence
// set against the session's sequence numbers, and announcing what other sessions changed (§7.5.1: new mail,
// flags, expunges, the latter only when no message sequence numbers are in use).
public sealed partial class ImapSession
{
    private SelectedMailbox? _selected;
    private bool _condStoreEnabled;

    /// <summary>The logged-in user's id.</summary>
    private long UserId => _account!.Id;

    /// <summary>The store, as IMAP works on it.</summary>
    private IMailboxStore Mailboxes => _context.Mailboxes;

    /// <summary>RFC 7162 §3.2.3: QRESYNC was enabled (it implies CONDSTORE).</summary>
    private bool QResyncEnabled => _enabled.Contains(ImapCapabilities.QResync);

    /// <summary>
    /// RFC 7162 §3.1: CONDSTORE is on once the client used it (ENABLE, SELECT (CONDSTORE), a MODSEQ fetch item,
    /// CHANGEDSINCE, UNCHANGEDSINCE, a MODSEQ search key): then every FETCH of flags carries MODSEQ.
    /// </summary>
    private bool CondStoreEnabled => _condStoreEnabled || QResyncEnabled || _enabled.Contains(ImapCapabilities.CondStore);

    /// <summary>
    /// Turns CONDSTORE on (RFC 7162 §3.1: a "CONDSTORE enabling command" was used). The first time, with a
    /// mailbox selected, the client learns its HIGHESTMODSEQ at once (§3.1.2.1: it may not have had it).
    /// </summary>
    private void EnableCondStore()
    {
        if (!CondStoreEnabled && _selected is { } selected)
            _out.Untagged(ImapCondition.Ok, $"HIGHESTMODSEQ {selected.HighestModSeq}", "Highest");
        _condStoreEnabled = true;
    }

    private async Task SelectAsync(SelectCommand command)
    {
        if (command.QResync is not null && !QResyncEnabled)
        {
            // RFC 7162 §3.2.5: the QRESYNC parameter without ENABLE QRESYNC is a protocol error.
            _out.Tagged(command.Tag, ImapCondition.Bad, null, "QRESYNC is not enabled");
            return;
        }
        // RFC 9051 §6.3.2: SELECT first deselects the current mailbox, even if it then fails; [CLOSED] says so.
        if (_selected is not null)
        {
            Deselect();
            _out.Untagged(ImapCondition.Ok, ImapResponseCodes.Closed, "Previous mailbox closed");
        }
        if (command.CondStore)
            EnableCondStore();

        MailboxStatus? status = await Mailboxes.GetStatusAsync(UserId, command.Mailbox, Token);
        if (status is null)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "No such mailbox");
            return;
        }
        var selected = new SelectedMailbox(Mailboxes.Changes, UserId, status.MailboxId, command.ReadOnly);
        MailboxSnapshot? snapshot;
        try
        {
            snapshot = await Mailboxes.GetMessagesAsync(UserId, status.MailboxId, null, Token);
            if (snapshot is not null)
                selected.Load(snapshot.Status, snapshot.Messages.Select(m => m.Uid), await Mailboxes.GetKeywordsAsync(UserId, status.MailboxId, Token));
        }
        catch
        {
            selected.Dispose();
            throw;
        }
        if (snapshot is null)
        {
            selected.Dispose();
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "No such mailbox");
            return;
        }
        _selected = selected;
        State = ImapSessionState.Selected;
        status = snapshot.Status;

        selected.ClaimRecent(_context.Recent);
        WriteFlagsResponses(selected);
        _out.Data($"{selected.Map.Count} EXISTS");
        if (!Rev2Enabled)
        {
            // RFC 3501 §6.3.1: RECENT is required of IMAP4rev1 (RFC 9051 removed \Recent).
            _out.Data($"{selected.RecentCount} RECENT");
            int firstUnseen = snapshot.Messages.ToList().FindIndex(m => (m.Flags & MessageFlags.Seen) == 0);
            if (firstUnseen >= 0)
                _out.Untagged(ImapCondition.Ok, $"UNSEEN {firstUnseen + 1}", "First unseen");
        }
        _out.Untagged(ImapCondition.Ok, $"UIDVALIDITY {status.UidValidity}", "UIDs valid");
        _out.Untagged(ImapCondition.Ok, $"UIDNEXT {status.UidNext}", "Predicted next UID");
        _out.Untagged(ImapCondition.Ok, $"HIGHESTMODSEQ {status.HighestModSeq}", "Highest");
        _out.Untagged(ImapCondition.Ok, $"MAILBOXID ({status.ObjectId})", "Ok");
        if (command.QResync is { } qresync && qresync.UidValidity == status.UidValidity)
            await ResynchroniseAsync(qresync, snapshot);
        _out.Tagged(command.Tag, ImapCondition.Ok, selected.ReadOnly ? "READ-ONLY" : "READ-WRITE", $"{command.Name} completed");
    }

    // RFC 7162 §3.2.5.1: what changed since the client's MODSEQ, among the UIDs it knows: VANISHED (EARLIER)
    // for the expunged, then FETCH (UID FLAGS MODSEQ) for the changed. The sequence match data is an
    // optimisation the server may ignore; the answer is then a superset, which the RFC allows.
    private async Task ResynchroniseAsync(QResyncParameters qresync, MailboxSnapshot snapshot)
    {
        long since = (long)Math.Min(qresync.ModSeq, long.MaxValue);
        long uidNext = snapshot.Status.UidNext;
        UidSet known = qresync.KnownUids is { } knownUids ? ResolveUidsUnbounded(knownUids, uidNext - 1) : UidSet.All;
        VanishedResult? vanished = await Mailboxes.GetVanishedAsync(UserId, snapshot.Status.MailboxId, since, Token);
        if (vanished is not null)
        {
            var gone = vanished.Uids.Uids().Where(known.Contains).ToList();
            if (gone.Count > 0)
                _out.Data("VANISHED (EARLIER) " + UidSet.Of(gone));
        }
        foreach (MessageEntry message in snapshot.Messages)
        {
            if (message.ModSeq > since && known.Contains(message.Uid))
            {
                int seq = _selected!.Map.SeqOf(message.Uid);
                _out.Data($"{seq} FETCH (UID {message.Uid} FLAGS {ImapFlags.Format(message.Flags, message.Keywords)} MODSEQ ({message.ModSeq}))");
            }
        }
    }

    // RFC 9051 §6.4.2: CLOSE expunges silently (unless read-only) and deselects.
    private async Task CloseAsync(ImapCommand command)
    {
        SelectedMailbox selected = _selected!;
        if (!selected.ReadOnly)
        {
            try
            {
                await Mailboxes.ExpungeAsync(UserId, selected.MailboxId, null, Token);
            }
            catch (MailStoreException)
            {
                // The mailbox went away meanwhile: nothing left to expunge; CLOSE still deselects.
            }
        }
        Deselect();
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "CLOSE completed");
    }

    // RFC 3691 / RFC 9051 §6.4.2: UNSELECT deselects without expunging.
    private void Unselect(ImapCommand command)
    {
        Deselect();
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "UNSELECT completed");
    }

    // RFC 9051 §6.4.3 EXPUNGE, RFC 4315 §2.1 UID EXPUNGE: the expunges come back through the change feed and
    // are announced like any other (EXPUNGE, or VANISHED under QRESYNC), before the tagged OK.
    private async Task ExpungeAsync(ImapCommand command, ImapSequenceSet? uids)
    {
        SelectedMailbox selected = _selected!;
        if (selected.ReadOnly)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.Cannot, "The mailbox is read-only");
            return;
        }
        UidSet? set = null;
        if (uids is not null && (set = ResolveSet(uids, uid: true)) is null)
        {
            _out.Tagged(command.Tag, ImapCondition.Bad, null, "Invalid UID set");
            return;
        }
        if (set is { IsEmpty: true })
        {
            CompleteOk(command, null, $"{command.Name} completed");
            return;
        }
        try
        {
            await Mailboxes.ExpungeAsync(UserId, selected.MailboxId, set, Token);
        }
        catch (MailStoreException ex)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.For(ex.Error), ex.Message);
            return;
        }
        CompleteOk(command, null, $"{command.Name} completed");
    }

    /// <summary>
    /// STATUS RECENT (RFC 3501 §6.3.10): the messages no session has claimed as \Recent; counting them costs a
    /// read, so only when asked.
    /// </summary>
    private async Task<long> RecentCountAsync(MailboxStatus status)
    {
        long first = _context.Recent.FirstUnclaimed(status.MailboxId, status.UidValidity);
        if (first >= status.UidNext)
            return 0;
        var query = new MessageQuery { Uids = UidSet.Range(first, status.UidNext - 1) };
        return (await Mailboxes.GetMessagesAsync(UserId, status.MailboxId, query, Token))?.Messages.Count ?? 0;
    }

    /// <summary>Leaves the selected state (no responses).</summary>
    private void Deselect()
    {
        _selected?.Dispose();
        _selected = null;
        if (State == ImapSessionState.Selected)
            State = ImapSessionState.Authenticated;
    }

    /// <summary>
    /// The tagged OK of a command, after announcing what changed meanwhile (RFC 9051 §7.5.1). Expunges are
    /// held back during FETCH, STORE, SEARCH, SORT, THREAD, COPY (not their UID forms): those use sequence
    /// numbers, which an EXPUNGE would shift under the client.
    /// </summary>
    private void CompleteOk(ImapCommand command, string? code, string text)
    {
        AnnounceChanges(ExpungesAllowedDuring(command));
        _out.Tagged(command.Tag, ImapCondition.Ok, code, text);
    }

    private static bool ExpungesAllowedDuring(ImapCommand command) => command switch
    {
        FetchCommand fetch => fetch.Uid,
        StoreCommand store => store.Uid,
        SearchCommand search => search.Uid,
        SortCommand sort => sort.Uid,
        ThreadCommand thread => thread.Uid,
        CopyCommand copy => copy.Uid,
        _ => true,
    };

    /// <summary>
    /// Announces the selected mailbox's changes not yet told: EXPUNGE or VANISHED (when allowed), EXISTS,
    /// FLAGS for new keywords, FETCH of changed flags (with UID under QRESYNC, RFC 7162 §3.2.4, and MODSEQ
    /// under CONDSTORE, §3.1.4). Nothing when no mailbox is selected.
    /// </summary>
    private void AnnounceChanges(bool expungesAllowed)
    {
        if (_selected is not { } selected)
            return;
        MailboxChanges changes = selected.TakeChanges(expungesAllowed);
        if (changes.Expunged.Count > 0)
        {
            if (QResyncEnabled)
            {
                _out.Data("VANISHED " + UidSet.Of(changes.Expunged.Select(e => e.Uid)));
            }
            else
            {
                foreach ((_, int seq) in changes.Expunged)
                    _out.Data($"{seq} EXPUNGE");
            }
        }
        if (changes.Exists is int exists)
        {
            _out.Data($"{exists} EXISTS");
            if (!Rev2Enabled)
            {
                // RFC 3501 §7.3.2: the first session told of new mail has it as \Recent.
                selected.ClaimRecent(_context.Recent);
                _out.Data($"{selected.RecentCount} RECENT");
            }
        }
        bool newKeywords = false;
        foreach (StoreChange change in changes.FlagChanges)
        {
            foreach (string keyword in change.Keywords ?? [])
                newKeywords |= selected.AddKeyword(keyword);
        }
        if (newKeywords)
            WriteFlagsResponses(selected);
        foreach (StoreChange change in changes.FlagChanges)
            _out.Data(UnsolicitedFlagsFetch(change.Uid!.Value, change.Flags ?? MessageFlags.None, change.Keywords ?? [], change.ModSeq));
    }

    /// <summary>A FETCH response announcing a message's flags (unsolicited, or STORE's own).</summary>
    private string UnsolicitedFlagsFetch(long uid, MessageFlags flags, IEnumerable<string> keywords, long modSeq, bool withUid = false)
    {
        var line = new StringBuilder(96);
        line.Append(_selected!.Map.SeqOf(uid)).Append(" FETCH (");
        if (withUid || QResyncEnabled)
            line.Append("UID ").Append(uid).Append(' ');
        line.Append("FLAGS ");
        AppendFlagList(line, uid, flags, keywords);
        if (CondStoreEnabled)
            line.Append(" MODSEQ (").Append(modSeq).Append(')');
        return line.Append(')').ToString();
    }

    // RFC 9051 §7.3.5 FLAGS and §7.1 PERMANENTFLAGS: the system flags and the mailbox's keywords; a read-only
    // mailbox lets the client change nothing; \* says new keywords may be created.
    private void WriteFlagsResponses(SelectedMailbox selected)
    {
        string flags = ImapFlags.Format(MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Seen | MessageFlags.Draft,
            selected.Keywords);
        _out.Data("FLAGS " + flags);
        string permanent = selected.ReadOnly ? "()" : flags[..^1] + (flags.Length > 2 ? " " : "") + "\\*)";
        _out.Untagged(ImapCondition.Ok, "PERMANENTFLAGS " + permanent, selected.ReadOnly ? "Read-only mailbox" : "Flags permitted");
    }

    /// <summary>
    /// The UIDs a sequence set names, among the messages the client knows (RFC 9051 §9): for a UID set, the
    /// UIDs present in the ranges ("*" being the highest UID); for sequence numbers, their UIDs; for "$", the
    /// saved search result (RFC 5182). Null when sequence numbers name messages that do not exist (the
    /// caller answers BAD).
    /// </summary>
    private UidSet? ResolveSet(ImapSequenceSet set, bool uid)
    {
        SelectedMailbox selected = _selected!;
        SequenceMap map = selected.Map;
        if (set.IsSavedResult)
            return UidSet.Of(selected.SavedSearch.Uids().Where(map.Contains));
        var ranges = new List<UidRange>();
        if (uid)
        {
            long star = map.LastUid;
            foreach (ImapSequenceRange range in set.Ranges)
            {
                long a = range.First == ImapSequenceRange.Star ? star : range.First;
                long b = range.Last == ImapSequenceRange.Star ? star : range.Last;
                foreach ((long first, long last) in map.UidRangesWithin(Math.Min(a, b), Math.Max(a, b)))
                    ranges.Add(new UidRange(first, last));
            }
        }
        else
        {
            foreach (ImapSequenceRange range in set.Ranges)
            {
                (uint low, uint high) = range.Resolve((uint)map.Count);
                if (low == 0 || high > map.Count)
                    return null;
                foreach ((long first, long last) in map.UidRangesOfSeqs((int)low, (int)high))
                    ranges.Add(new UidRange(first, last));
            }
        }
        return UidSet.Of(ranges);
    }

    /// <summary>
    /// <see cref="ResolveSet"/> for a command that names its messages by a set: null, with the command answered
    /// BAD, when the set names sequence numbers the mailbox does not have (RFC 9051 §9).
    /// </summary>
    private UidSet? ResolveSetOrRefuse(ImapCommand command, ImapSequenceSet set, bool uid)
    {
        UidSet? resolved = ResolveSet(set, uid);
        if (resolved is null)
            _out.Tagged(command.Tag, ImapCondition.Bad, null, "Invalid sequence set: no such message");
        return resolved;
    }

    /// <summary>A UID set as sent, "*" being <paramref name="star"/>, not limited to the messages present.</summary>
    private static UidSet ResolveUidsUnbounded(ImapSequenceSet set, long star) =>
        UidSet.Of(set.Ranges.Select(r =>
        {
            long a = r.First == ImapSequenceRange.Star ? star : r.First;
            long b = r.Last == ImapSequenceRange.Star ? star : r.Last;
            return new UidRange(Math.Min(a, b), Math.Max(a, b));
        }));
}
