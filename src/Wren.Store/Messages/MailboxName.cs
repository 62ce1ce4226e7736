namespace Wren.Store.Messages;

/// <summary>Mailbox names as IMAP compares them: '/' is the hierarchy delimiter.</summary>
internal static class MailboxName
{
    /// <summary>The one mailbox every user has.</summary>
    public const string Inbox = "INBOX";

    /// <summary>The hierarchy delimiter (RFC 9051 §5.1).</summary>
    public const char Delimiter = '/';

    /// <summary>Longest name accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 1000;

    /// <summary>Most levels of hierarchy in a name.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// RFC 9051 §5.1: "INBOX" is case-insensitive, every other name is compared exactly; this returns the
    /// stored form. Inferiors of INBOX are matched the same way ("inbox/x" is "INBOX/x"), as most servers do.
    /// </summary>
    public static string Normalize(string name)
    {
        if (string.Equals(name, Inbox, StringComparison.OrdinalIgnoreCase))
            return Inbox;
        if (name.Length > Inbox.Length && name[Inbox.Length] == Delimiter && name.StartsWith(Inbox, StringComparison.OrdinalIgnoreCase)
            && !name.StartsWith(Inbox, StringComparison.Ordinal))
            return Inbox + name[Inbox.Length..];
        return name;
    }

    /// <summary>
    /// The stored form of a name given to CREATE or RENAME: normalized, a trailing delimiter dropped
    /// (RFC 9051 §6.3.4). Throws <see cref="MailStoreException"/> (InvalidName) for an empty name, an empty
    /// level ("a//b", "/a"), control characters, the LIST wildcards '*' and '%', broken UTF-16, or one too long
    /// or too deep.
    /// </summary>
    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 1 && name[^1] == Delimiter)
            name = name[..^1];
        string why = name switch
        {
            "" => "is empty",
            { Length: > MaxLength } => $"is longer than {MaxLength} characters",
            _ when name[0] == Delimiter || name.Contains("//", StringComparison.Ordinal) => "has an empty level",
            _ when name.Any(c => char.IsControl(c) || c is '*' or '%') => "holds a control character or a wildcard (* %)",
            _ when !IsWellFormed(name) => "is not valid Unicode",
            _ when name.Count(c => c == Delimiter) >= MaxDepth => $"has more than {MaxDepth} levels",
            _ => "",
        };
        if (why.Length > 0)
            throw new MailStoreException(MailStoreError.InvalidName, $"Mailbox name '{name}' {why}.");
        return Normalize(name);
    }

    /// <summary>The superior names of a name, outermost first: "a/b/c" gives "a", "a/b".</summary>
    public static IEnumerable<string> Superiors(string name)
    {
        for (int i = name.IndexOf(Delimiter); i > 0; i = name.IndexOf(Delimiter, i + 1))
            yield return name[..i];
    }

    /// <summary>True when <paramref name="name"/> is an inferior of <paramref name="superior"/> at any depth.</summary>
    public static bool IsInferior(string name, string superior) =>
        name.Length > superior.Length + 1 && name[superior.Length] == Delimiter && name.StartsWith(superior, StringComparison.Ordinal);

    private static bool IsWellFormed(string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
                i++;
            else if (char.IsSurrogate(name[i]))
                return false;
        }
        return true;
    }

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

    /// <summary>
    /// RFC 6154 §2 special-use attributes (and RFC 8457 \Important), in their canonical spelling; anything else
    /// is refused with [USEATTR].
    /// </summary>
    public static string CanonicalSpecialUse(string attribute)
    {
        string[] known = [@"\All", @"\Archive", @"\Drafts", @"\Flagged", @"\Junk", @"\Sent", @"\Trash", @"\Important"];
        return known.FirstOrDefault(k => k.Equals(attribute, StringComparison.OrdinalIgnoreCase))
            ?? throw new MailStoreException(MailStoreError.UseAttr, $"'{attribute}' is not a special-use attribute this server supports.");
    }
}
