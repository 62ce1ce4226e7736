using Wren.Imap.Protocol;
using Wren.Imap.Server.Fetch;
using Wren.Imap.Server.Selected;
using Wren.Mail.Summaries;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// RFC 9051 §6.4.5 FETCH and §6.4.9 UID FETCH, with RFC 3516 BINARY, RFC 7162 CONDSTORE (MODSEQ, CHANGEDSINCE)
// and QRESYNC (VANISHED), RFC 8474 EMAILID/THREADID. The messages are read from the store once per command;
// summaries answer ENVELOPE/BODYSTRUCTURE and locate sections, whose bytes are streamed from the stored message.
public sealed partial class ImapSession
{
    private async Task FetchAsync(FetchCommand command)
    {
        SelectedMailbox selected = _selected!;
        if (!FetchPlan.TryCreate(command.Items, out FetchPlan plan, out string? error))
        {
            _out.Tagged(command.Tag, ImapCondition.Bad, null, error!);
            return;
        }
        if (ResolveSetOrRefuse(command, command.Set, command.Uid) is not { } set)
            return;
        // RFC 7162 §3.1: a MODSEQ item or CHANGEDSINCE is a CONDSTORE enabling command.
        if (plan.HasModSeq || command.ChangedSince is not null)
            EnableCondStore();

        long? changedSince = command.ChangedSince is { } since ? (long)Math.Min(since, long.MaxValue) : null;
        // A large set is read and answered page by page: the first response goes out at once and memory stays
        // bounded, whatever the mailbox's size. BINARY is checked for the whole set before anything is sent
        // (NO [UNKNOWN-CTE] refuses all of it), so such a FETCH is read in one go.
        IReadOnlyList<UidSet> pages = plan.HasBinaryParts ? [set] : FetchPages.Split(set, FetchPageSize);
        var summaries = new FetchSummaries(Mailboxes, UserId, Token);
        try
        {
            for (int page = 0; page < pages.Count; page++)
            {
                IReadOnlyList<MessageEntry> entries = [];
                if (!pages[page].IsEmpty || (command.Vanished && page == 0))
                {
                    MailboxSnapshot? snapshot = await Mailboxes.GetMessagesAsync(UserId, selected.MailboxId, new MessageQuery
                    {
                        Uids = pages[page],
                        ChangedSince = changedSince,
                        IncludeSummaries = plan.NeedsSummary,
                    }, Token);
                    if (snapshot is null)
                    {
                        _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "The mailbox no longer exists");
                        return;
                    }
                    // Only messages the client knows; one expunged meanwhile by another session is simply absent.
                    entries = pages[page].IsEmpty ? [] : snapshot.Messages.Where(m => selected.Map.Contains(m.Uid)).ToList();
                    if (page == 0 && command.Vanished && !await WriteVanishedEarlierAsync(command, changedSince!.Value, snapshot.Status.UidNext))
                    {
                        _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.NonExistent, "The mailbox no longer exists");
                        return;
                    }
                }
                if (plan.HasBinaryParts && !await CheckBinaryEncodingsAsync(command, plan, entries, summaries))
                    return;
                await WriteFetchPageAsync(command, plan, entries, summaries);
            }
        }
        finally
        {
            await summaries.SavedAsync();
        }
        // RFC 9051 §7.5.1: expunges are not announced during FETCH (sequence numbers), only during UID FETCH.
        CompleteOk(command, null, $"{command.Name} completed");
    }

    // RFC 7162 §3.2.6: UID FETCH … (CHANGEDSINCE m VANISHED) first reports, as VANISHED (EARLIER), the UIDs of
    // the set that were expunged after m.
    // Messages read and answered per page of a large FETCH.
    private const int FetchPageSize = 1000;

    /// <summary>Answers one page of a FETCH: sets \Seen where the items ask for it, then one response per message.</summary>
    private async Task WriteFetchPageAsync(FetchCommand command, FetchPlan plan, IReadOnlyList<MessageEntry> entries, FetchSummaries summaries)
    {
        SelectedMailbox selected = _selected!;
        Dictionary<long, MessageFlagState> seen = plan.SetsSeen && !selected.ReadOnly ? await SetSeenAsync(entries) : [];
        foreach (MessageEntry original in entries)
        {
            MessageEntry entry = original;
            bool flagsChanged = seen.TryGetValue(entry.Uid, out MessageFlagState? state);
            if (flagsChanged)
                entry = entry with { Flags = state!.Flags, Keywords = state.Keywords, ModSeq = state.ModSeq };
            Stream? content = null;
            try
            {
                if (plan.NeedsContent)
                {
                    content = await Mailboxes.OpenMessageAsync(UserId, entry.MessageId, Token);
                    if (content is null)
                        continue; // expunged by another session since the snapshot
                }
                MessageSummary? summary = null;
                if (plan.NeedsSummary && (summary = await summaries.GetAsync(entry, content)) is null)
                    continue;
                int seq = selected.Map.SeqOf(entry.Uid);
                await WriteFetchResponseAsync(command, plan, new FetchedMessage(entry, seq, summary, content, flagsChanged));
            }
            finally
            {
                if (content is not null)
                    await content.DisposeAsync();
            }
            await FlushIfLargeAsync();
        }
    }


    private async Task<bool> WriteVanishedEarlierAsync(FetchCommand command, long changedSince, long uidNext)
    {
        VanishedResult? vanished = await Mailboxes.GetVanishedAsync(UserId, _selected!.MailboxId, changedSince, Token);
        if (vanished is null)
            return false;
        UidSet asked = ResolveUidsUnbounded(command.Set, uidNext - 1);
        var gone = new List<UidRange>();
        foreach (UidRange range in vanished.Uids)
        {
            foreach (UidRange wanted in asked)
            {
                long first = Math.Max(range.First, wanted.First), last = Math.Min(range.Last, wanted.Last);
                if (first <= last)
                    gone.Add(new UidRange(first, last));
            }
        }
        if (gone.Count > 0)
            _out.Data("VANISHED (EARLIER) " + UidSet.Of(gone));
        return true;
    }

    // RFC 3516 §4.3: BINARY of a part whose Content-Transfer-Encoding the server cannot decode is NO
    // [UNKNOWN-CTE]; checked for every message before any response is sent (and before \Seen is set).
    private async Task<bool> CheckBinaryEncodingsAsync(FetchCommand command, FetchPlan plan, IReadOnlyList<MessageEntry> entries, FetchSummaries summaries)
    {
        foreach (MessageEntry entry in entries)
        {
            MessageSummary? summary = null;
            foreach (PlannedItem item in plan.Items)
            {
                if (item.BinaryPart is not { Count: > 0 } part)
                    continue;
                summary ??= await summaries.GetAsync(entry, null);
                if (summary is null)
                    break;
                if (MessageSection.TryResolveBinary(summary, part, out ResolvedSection section) && section.Encoding == TransferEncodingKind.Unknown)
                {
                    _out.Tagged(command.Tag, ImapCondition.No, "UNKNOWN-CTE", $"Cannot decode the Content-Transfer-Encoding of part {string.Join('.', part)} of UID {entry.Uid}");
                    return false;
                }
            }
        }
        return true;
    }

    // RFC 9051 §6.4.5: fetching BODY[…], BINARY[…], RFC822 or RFC822.TEXT sets \Seen (not in a read-only
    // mailbox). One store operation for all; the session reports the change itself, in the FETCH responses.
    private async Task<Dictionary<long, MessageFlagState>> SetSeenAsync(IReadOnlyList<MessageEntry> entries)
    {
        var unseen = entries.Where(e => (e.Flags & MessageFlags.Seen) == 0).Select(e => e.Uid).ToList();
        if (unseen.Count == 0)
            return [];
        StoreFlagsResult result;
        try
        {
            result = await Mailboxes.StoreFlagsAsync(UserId, _selected!.MailboxId, UidSet.Of(unseen), new FlagChange(FlagOperation.Add, MessageFlags.Seen), null, Token);
        }
        catch (MailStoreException)
        {
            return []; // the mailbox went away: the responses go out without \Seen
        }
        var changed = new Dictionary<long, MessageFlagState>();
        foreach (MessageFlagState state in result.Changed)
        {
            _selected!.NoteOwnFlagChange(state.Uid, state.ModSeq);
            changed[state.Uid] = state;
        }
        return changed;
    }
}
