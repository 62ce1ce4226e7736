using System.Text;
using MimeKit.Utils;
using Wren.Imap.Protocol;
using Wren.Mail.Summaries;

namespace Wren.Imap.Server.Search;

/// <summary>
/// What SORT compares for one message (RFC 5256 §3, DISPLAYFROM/DISPLAYTO of RFC 5957 §3), read once while the
/// message is at hand, so sorting holds only these few values per message.
/// </summary>
internal sealed class MessageSortKeys
{
    /// <summary>Message sequence number: the final tie-break (RFC 5256 §3).</summary>
    public required int Seq { get; init; }

    /// <summary>UID.</summary>
    public required long Uid { get; init; }

    /// <summary>INTERNALDATE.</summary>
    public DateTimeOffset Arrival { get; init; }

    /// <summary>The sent date (RFC 5256 §2.2: the Date: header, or INTERNALDATE when it is missing or unreadable).</summary>
    public DateTimeOffset Sent { get; init; }

    /// <summary>RFC822.SIZE.</summary>
    public long Size { get; init; }

    /// <summary>The base subject (RFC 5256 §2.1).</summary>
    public string Subject { get; init; } = "";

    /// <summary>addr-mailbox of the first From address, "" for none.</summary>
    public string From { get; init; } = "";

    /// <summary>addr-mailbox of the first To address.</summary>
    public string To { get; init; } = "";

    /// <summary>addr-mailbox of the first Cc address.</summary>
    public string Cc { get; init; } = "";

    /// <summary>RFC 5957: the first From address's display name, else its addr-spec.</summary>
    public string DisplayFrom { get; init; } = "";

    /// <summary>RFC 5957: the same for To.</summary>
    public string DisplayTo { get; init; } = "";

    /// <summary>True when any of <paramref name="criteria"/> needs the envelope.</summary>
    public static bool NeedEnvelope(IEnumerable<SortCriterion> criteria) => criteria.Any(c => c.Key is not (SortKey.Arrival or SortKey.Size));

    /// <summary>The keys of <paramref name="message"/>; <paramref name="envelope"/> is null when no criterion needs it.</summary>
    public static MessageSortKeys Of(SearchMessage message, Envelope? envelope)
    {
        DateTimeOffset arrival = message.Entry.InternalDate;
        return new MessageSortKeys
        {
            Seq = message.Seq,
            Uid = message.Entry.Uid,
            Arrival = arrival,
            Size = message.Entry.Size,
            Sent = SearchEvaluator.SentDate(envelope?.Date) ?? arrival,
            Subject = envelope is null ? "" : BaseSubject.Extract(envelope.Subject),
            From = AddrMailbox(envelope?.From),
            To = AddrMailbox(envelope?.To),
            Cc = AddrMailbox(envelope?.Cc),
            DisplayFrom = Display(envelope?.From),
            DisplayTo = Display(envelope?.To),
        };
    }

    /// <summary>
    /// The order of <paramref name="criteria"/>, most significant first, each reversed on its own by REVERSE,
    /// and the message sequence number last (RFC 5256 §3).
    /// </summary>
    public static Comparison<MessageSortKeys> Comparer(IReadOnlyList<SortCriterion> criteria) => (a, b) =>
    {
        foreach (SortCriterion criterion in criteria)
        {
            int order = Compare(criterion.Key, a, b);
            if (order != 0)
                return criterion.Reverse ? -order : order;
        }
        return a.Seq.CompareTo(b.Seq);
    };

    private static int Compare(SortKey key, MessageSortKeys a, MessageSortKeys b) => key switch
    {
        SortKey.Arrival => a.Arrival.CompareTo(b.Arrival),
        SortKey.Date => a.Sent.CompareTo(b.Sent),
        SortKey.Size => a.Size.CompareTo(b.Size),
        SortKey.Subject => AsciiCasemap(a.Subject, b.Subject),
        SortKey.From => AsciiCasemap(a.From, b.From),
        SortKey.To => AsciiCasemap(a.To, b.To),
        SortKey.Cc => AsciiCasemap(a.Cc, b.Cc),
        SortKey.DisplayFrom => AsciiCasemap(a.DisplayFrom, b.DisplayFrom),
        SortKey.DisplayTo => AsciiCasemap(a.DisplayTo, b.DisplayTo),
        _ => 0,
    };

    /// <summary>The i;ascii-casemap collation (RFC 4790 §9.2): ASCII letters compared without case, everything else by code.</summary>
    public static int AsciiCasemap(string a, string b)
    {
        int length = Math.Min(a.Length, b.Length);
        for (int i = 0; i < length; i++)
        {
            int order = Ascii(a[i]).CompareTo(Ascii(b[i]));
            if (order != 0)
                return order;
        }
        return a.Length.CompareTo(b.Length);

        static char Ascii(char c) => c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
    }

    /// <summary>Equality under i;ascii-casemap (for the THREAD subject table, so it agrees with SORT and ORDEREDSUBJECT).</summary>
    public static IEqualityComparer<string> AsciiCasemapEquality { get; } = new AsciiCasemapComparer();

    private sealed class AsciiCasemapComparer : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => x is null || y is null ? x == y : AsciiCasemap(x, y) == 0;

        public int GetHashCode(string value)
        {
            var hash = new HashCode();
            foreach (char c in value)
                hash.Add(c is >= 'a' and <= 'z' ? (char)(c - 32) : c);
            return hash.ToHashCode();
        }
    }

    // RFC 5256 §3: the addr-mailbox of the first address (a group's name when the list starts with a group).
    private static string AddrMailbox(IReadOnlyList<EnvelopeAddress>? addresses) =>
        addresses is { Count: > 0 } ? addresses[0].Mailbox ?? "" : "";

    // RFC 5957 §3: the display name (decoded) of the first mailbox, or its addr-spec when it has none.
    private static string Display(IReadOnlyList<EnvelopeAddress>? addresses)
    {
        EnvelopeAddress? first = addresses is { Count: > 0 } ? addresses[0] : null;
        if (first is null)
            return "";
        if (!string.IsNullOrWhiteSpace(first.Name))
            return Rfc2047.DecodePhrase(Encoding.UTF8.GetBytes(first.Name)).Trim();
        return first.Host is { Length: > 0 } host ? $"{first.Mailbox}@{host}" : first.Mailbox ?? "";
    }
}
