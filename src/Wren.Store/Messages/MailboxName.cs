namespace Wren.Store.Messages;

/// <summary>Mailbox names as IMAP compares them.</summary>
internal static class MailboxName
{
    /// <summary>The one mailbox every user has.</summary>
    public const string Inbox = "INBOX";

    /// <summary>
    /// RFC 9051 §5.1: "INBOX" is case-insensitive, every other name is compared exactly; this returns the
    /// stored form.
    /// </summary>
    public static string Normalize(string name) =>
        string.Equals(name, Inbox, StringComparison.OrdinalIgnoreCase) ? Inbox : name;

    /// <summary>What a new user gets: INBOX and the RFC 6154 §2 special-use mailboxes.</summary>
    public static readonly IReadOnlyList<(string Name, string? SpecialUse)> Defaults =
    [
        (Inbox, null),
        ("Sent", @"\Sent"),
        ("Drafts", @"\Drafts"),
        ("Junk", @"\Junk"),
        ("Trash", @"\Trash"),
        ("Archive", @"\Archive"),
    ];
}
