namespace Wren.Imap.Protocol;

/// <summary>
/// A search criterion (RFC 9051 §6.4.4), one node of a tree: match on the concrete types below. The
/// parser keeps every key's meaning but maps synonyms onto one shape: FROM/TO/CC/BCC/SUBJECT become
/// <see cref="HeaderSearchKey"/>, ANSWERED/UNSEEN/KEYWORD… <see cref="FlagSearchKey"/>, NEW is
/// (RECENT UNSEEN) and OLD is NOT RECENT (RFC 3501 §6.4.4).
/// </summary>
public abstract record SearchKey;

/// <summary>ALL: every message.</summary>
public sealed record AllSearchKey : SearchKey
{
    /// <summary>The one instance.</summary>
    public static AllSearchKey Instance { get; } = new();
}

/// <summary>A flag is set or not: ANSWERED, DELETED, DRAFT, FLAGGED, SEEN, RECENT, KEYWORD and the UN- forms.</summary>
/// <param name="Flag">The flag: <c>\Seen</c>… for system flags, the keyword as sent otherwise.</param>
/// <param name="Set">True when the flag must be set, false when it must not.</param>
public sealed record FlagSearchKey(string Flag, bool Set) : SearchKey;

/// <summary>BEFORE/ON/SINCE (internal date) and SENTBEFORE/SENTON/SENTSINCE (Date: header), day granularity.</summary>
/// <param name="Field">Which date.</param>
/// <param name="Comparison">How it compares with <paramref name="Date"/>.</param>
/// <param name="Date">The day (time zones are ignored, RFC 9051 §6.4.4).</param>
public sealed record DateSearchKey(SearchDateField Field, SearchDateComparison Comparison, DateOnly Date) : SearchKey;

/// <summary>LARGER n / SMALLER n on RFC822.SIZE.</summary>
/// <param name="Larger">LARGER (strictly greater) rather than SMALLER (strictly less).</param>
/// <param name="Size">The size in octets.</param>
public sealed record SizeSearchKey(bool Larger, ulong Size) : SearchKey;

/// <summary>HEADER name value, and FROM/TO/CC/BCC/SUBJECT value: a substring of the field, case-insensitive.</summary>
/// <param name="FieldName">The field name (From, To, Cc, Bcc, Subject for the shorthands).</param>
/// <param name="Value">The substring; empty matches every message that has the field.</param>
public sealed record HeaderSearchKey(string FieldName, string Value) : SearchKey;

/// <summary>BODY value / TEXT value: a substring of the body, or of header and body.</summary>
/// <param name="Scope">BODY or TEXT.</param>
/// <param name="Value">The substring.</param>
public sealed record TextSearchKey(TextSearchScope Scope, string Value) : SearchKey;

/// <summary>A sequence set (message numbers) or UID set.</summary>
/// <param name="Set">The set; may be "$" (RFC 5182).</param>
/// <param name="Uid">UID set rather than message sequence numbers.</param>
public sealed record SequenceSetSearchKey(ImapSequenceSet Set, bool Uid) : SearchKey;

/// <summary>NOT key.</summary>
/// <param name="Key">The key negated.</param>
public sealed record NotSearchKey(SearchKey Key) : SearchKey;

/// <summary>OR key1 key2.</summary>
/// <param name="Left">The first key.</param>
/// <param name="Right">The second key.</param>
public sealed record OrSearchKey(SearchKey Left, SearchKey Right) : SearchKey;

/// <summary>Several keys that all must match: a parenthesised list, or the top level.</summary>
/// <param name="Keys">The keys (two or more).</param>
public sealed record AndSearchKey(IReadOnlyList<SearchKey> Keys) : SearchKey;

/// <summary>MODSEQ [entry-name entry-type] modseq (RFC 7162 §3.1.5): MODSEQ at least this.</summary>
/// <param name="ModSeq">The smallest MODSEQ that matches.</param>
/// <param name="EntryName">The metadata entry (<c>/flags/\Seen</c>), or null.</param>
/// <param name="EntryType">priv, shared or all, or null.</param>
public sealed record ModSeqSearchKey(ulong ModSeq, string? EntryName, string? EntryType) : SearchKey;

/// <summary>OLDER n / YOUNGER n (RFC 5032 §3): internal date more / less than n seconds ago.</summary>
/// <param name="Older">OLDER rather than YOUNGER.</param>
/// <param name="Seconds">The interval.</param>
public sealed record AgeSearchKey(bool Older, uint Seconds) : SearchKey;

/// <summary>EMAILID id / THREADID id (RFC 8474 §6).</summary>
/// <param name="Thread">THREADID rather than EMAILID.</param>
/// <param name="Id">The object id.</param>
public sealed record ObjectIdSearchKey(bool Thread, string Id) : SearchKey;
