using MimeKit.Utils;
using Wren.Imap.Protocol;
using Wren.Mail.Summaries;
using Wren.Store.Messages;

namespace Wren.Imap.Server.Search;

/// <summary>
/// Decides whether a message matches a SEARCH key tree (RFC 9051 §6.4.4, RFC 7162 §3.1.5 MODSEQ, RFC 5032
/// OLDER/YOUNGER, RFC 8474 EMAILID/THREADID). Sequence sets come resolved to UIDs (<paramref name="sets"/>),
/// so the evaluator knows nothing of the session. Within AND, the keys the store's listing answers go first,
/// so the summary, header or content of a message is read only when those keys leave it in.
/// </summary>
/// <param name="sets">The UIDs each sequence-set key names.</param>
/// <param name="now">The present, for OLDER/YOUNGER.</param>
/// <param name="recent">The UIDs that are \Recent in the session (IMAP4rev1), or null for none.</param>
internal sealed class SearchEvaluator(IReadOnlyDictionary<SequenceSetSearchKey, UidSet> sets, DateTimeOffset now, UidSet? recent = null)
{
    /// <summary>How much a key costs: what must be read to decide it.</summary>
    public static SearchCost CostOf(SearchKey key) => key switch
    {
        TextSearchKey => SearchCost.Content,
        HeaderSearchKey header when IsSubject(header) => SearchCost.StoredSubject,
        HeaderSearchKey => SearchCost.Header,
        DateSearchKey { Field: SearchDateField.Sent } => SearchCost.Summary,
        NotSearchKey negated => CostOf(negated.Key),
        OrSearchKey either => (SearchCost)Math.Max((int)CostOf(either.Left), (int)CostOf(either.Right)),
        AndSearchKey both => both.Keys.Count == 0 ? SearchCost.Listing : both.Keys.Max(CostOf),
        _ => SearchCost.Listing,
    };

    /// <summary>The same tree with every AND's keys cheapest first (evaluation stops at the first that fails).</summary>
    public static SearchKey CheapestFirst(SearchKey key) => key switch
    {
        AndSearchKey both => new AndSearchKey([.. both.Keys.Select(CheapestFirst).OrderBy(CostOf)]),
        OrSearchKey either => new OrSearchKey(CheapestFirst(either.Left), CheapestFirst(either.Right)),
        NotSearchKey negated => new NotSearchKey(CheapestFirst(negated.Key)),
        _ => key,
    };

    /// <summary>Every key of the tree, depth first.</summary>
    public static IEnumerable<SearchKey> Walk(SearchKey key)
    {
        yield return key;
        IEnumerable<SearchKey> children = key switch
        {
            AndSearchKey both => both.Keys,
            OrSearchKey either => [either.Left, either.Right],
            NotSearchKey negated => [negated.Key],
            _ => [],
        };
        foreach (SearchKey child in children)
        {
            foreach (SearchKey inner in Walk(child))
                yield return inner;
        }
    }

    /// <summary>True when <paramref name="message"/> matches <paramref name="key"/>.</summary>
    public async ValueTask<bool> MatchesAsync(SearchKey key, SearchMessage message)
    {
        MessageEntry entry = message.Entry;
        switch (key)
        {
            case AllSearchKey:
                return true;
            case FlagSearchKey flag:
                return HasFlag(entry, flag.Flag, recent) == flag.Set;
            case SizeSearchKey size:
                return size.Larger ? (ulong)entry.Size > size.Size : (ulong)entry.Size < size.Size;
            case SequenceSetSearchKey set:
                return sets[set].Contains(entry.Uid);
            case ModSeqSearchKey modSeq:
                // RFC 7162 §3.1.5: per-flag metadata entries are not kept apart; the message's MODSEQ is the
                // upper bound of every entry's, which the RFC allows a server to use.
                return (ulong)entry.ModSeq >= modSeq.ModSeq;
            case AgeSearchKey age:
                // RFC 5032 §3: OLDER n is an internal date more than n seconds ago; YOUNGER n, within n seconds.
                TimeSpan elapsed = now - entry.InternalDate;
                return age.Older ? elapsed.TotalSeconds > age.Seconds : elapsed.TotalSeconds <= age.Seconds;
            case ObjectIdSearchKey id:
                return string.Equals(id.Thread ? entry.ThreadId : entry.EmailId, id.Id, StringComparison.Ordinal);
            case DateSearchKey date:
                return await DateMatchesAsync(date, message);
            case HeaderSearchKey header when IsSubject(header) && entry.Subject is { Length: < MessageEntry.MaxStoredSubjectLength } subject:
                // SUBJECT / HEADER Subject from the Subject the store decoded at commit: no content is read.
                return header.Value.Length == 0 || TextSearch.Contains(subject, header.Value);
            case HeaderSearchKey header:
                return TextSearch.HeaderContains(await message.GetHeadersAsync(), header.FieldName, header.Value);
            case TextSearchKey text:
                return await TextMatchesAsync(text, message);
            case NotSearchKey negated:
                return !await MatchesAsync(negated.Key, message);
            case OrSearchKey either:
                return await MatchesAsync(either.Left, message) || await MatchesAsync(either.Right, message);
            case AndSearchKey both:
                foreach (SearchKey inner in both.Keys)
                {
                    if (!await MatchesAsync(inner, message))
                        return false;
                }
                return true;
            default:
                throw new NotSupportedException($"Search key {key.GetType().Name}");
        }
    }

    /// <summary>True for SUBJECT and HEADER Subject, which the store's decoded Subject can answer.</summary>
    public static bool IsSubject(HeaderSearchKey key) => key.FieldName.Equals("Subject", StringComparison.OrdinalIgnoreCase);

    private static bool HasFlag(MessageEntry entry, string flag, UidSet? recent)
    {
        MessageFlags system = flag.ToUpperInvariant() switch
        {
            "\\SEEN" => MessageFlags.Seen,
            "\\ANSWERED" => MessageFlags.Answered,
            "\\FLAGGED" => MessageFlags.Flagged,
            "\\DELETED" => MessageFlags.Deleted,
            "\\DRAFT" => MessageFlags.Draft,
            _ => MessageFlags.None,
        };
        if (system != MessageFlags.None)
            return (entry.Flags & system) != 0;
        // \Recent (RFC 3501 §2.3.2): the session's own; RFC 9051 removed it, and rev2 sessions have none.
        if (flag.Equals("\\Recent", StringComparison.OrdinalIgnoreCase))
            return recent?.Contains(entry.Uid) ?? false;
        return entry.Keywords.Any(k => k.Equals(flag, StringComparison.OrdinalIgnoreCase));
    }

    // RFC 9051 §6.4.4: day comparisons "disregarding time and timezone": the internal date's day in its own
    // zone; the Date: header's day in the zone it was written in. A message without a readable Date: has no sent
    // date and matches no SENT* key.
    private static async ValueTask<bool> DateMatchesAsync(DateSearchKey key, SearchMessage message)
    {
        DateOnly day;
        if (key.Field == SearchDateField.Internal)
        {
            day = DateOnly.FromDateTime(message.Entry.InternalDate.DateTime);
        }
        else
        {
            MessageSummary? summary = await message.GetSummaryAsync();
            if (SentDate(summary?.Envelope.Date) is not { } sent)
                return false;
            day = DateOnly.FromDateTime(sent.DateTime);
        }
        return key.Comparison switch
        {
            SearchDateComparison.Before => day < key.Date,
            SearchDateComparison.On => day == key.Date,
            _ => day >= key.Date,
        };
    }

    /// <summary>The Date: header's value parsed (RFC 5322 §3.3, with MimeKit's tolerance of common errors), or null.</summary>
    public static DateTimeOffset? SentDate(string? dateHeader) =>
        dateHeader is not null && DateUtils.TryParse(dateHeader, out DateTimeOffset date) ? date : null;

    private static async ValueTask<bool> TextMatchesAsync(TextSearchKey key, SearchMessage message)
    {
        if (key.Scope == TextSearchScope.Text && TextSearch.AnyHeaderContains(await message.GetHeadersAsync(), key.Value))
            return true;
        MessageSummary? summary = await message.GetSummaryAsync();
        Stream? content = await message.OpenAsync();
        if (summary is null || content is null)
            return false;
        return await TextSearch.BodyContainsAsync(content, summary, key.Value, message.Token);
    }
}

/// <summary>What deciding a search key takes, cheapest first.</summary>
internal enum SearchCost
{
    /// <summary>The store's listing (flags, dates, size, MODSEQ, UID).</summary>
    Listing,

    /// <summary>The Subject the store keeps with the listing (the header is read only when it has none).</summary>
    StoredSubject,

    /// <summary>The message's summary (envelope).</summary>
    Summary,

    /// <summary>The header fields.</summary>
    Header,

    /// <summary>The content.</summary>
    Content,
}
