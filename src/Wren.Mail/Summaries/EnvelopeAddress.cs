namespace Wren.Mail.Summaries;

/// <summary>
/// One address of an IMAP ENVELOPE (RFC 9051 §7.5.2 "address"): (name adl mailbox host). Group syntax
/// (RFC 5322 §3.4) is told by a null <see cref="Host"/>: a start marker carries the group name in
/// <see cref="Mailbox"/>, an end marker has every member null.
/// </summary>
/// <param name="Name">The display name (phrase, or a comment standing in for one) with RFC 5322 quoting removed; encoded words are left as sent.</param>
/// <param name="Route">The obsolete source route (at-domain-list, e.g. <c>@relay1,@relay2</c>), or null.</param>
/// <param name="Mailbox">The local part with quoting removed; for a group start marker, the group name; null for a group end marker.</param>
/// <param name="Host">The domain; null only for group markers. A missing domain is the empty string.</param>
public sealed record EnvelopeAddress(string? Name, string? Route, string? Mailbox, string? Host)
{
    /// <summary>The marker closing a group: (NIL NIL NIL NIL).</summary>
    public static EnvelopeAddress GroupEnd { get; } = new(null, null, null, null);

    /// <summary>The marker opening group <paramref name="name"/>: (NIL NIL "name" NIL).</summary>
    public static EnvelopeAddress GroupStart(string name) => new(null, null, name, null);

    /// <summary>True for a group start or end marker (RFC 9051 §7.5.2: a NIL host).</summary>
    public bool IsGroupMarker => Host is null;
}
