namespace Wren.Imap.Server.Mailboxes;

/// <summary>
/// A LIST/LSUB pattern (RFC 9051 §6.3.9): the reference and the mailbox argument joined into one canonical
/// name, where "*" matches any run of characters and "%" any run without the hierarchy delimiter "/".
/// Matching is case-sensitive except for INBOX, which matches in any case (RFC 9051 §5.1), also as the
/// first level of "INBOX/…".
/// </summary>
internal sealed class MailboxPattern
{
    /// <summary>The hierarchy delimiter of Wren's one namespace.</summary>
    public const char Delimiter = '/';

    private readonly string _pattern;

    private MailboxPattern(string pattern) => _pattern = pattern;

    /// <summary>The canonical pattern.</summary>
    public string Text => _pattern;

    /// <summary>
    /// RFC 9051 §6.3.9: the reference is prepended to the mailbox argument. Wren's namespace has no other
    /// roots, so a reference is only a prefix ("archive/" + "%" is "archive/%").
    /// </summary>
    public static MailboxPattern Create(string reference, string pattern)
    {
        if (reference.Length > 0 && reference[^1] == Delimiter && pattern.Length > 0 && pattern[0] == Delimiter)
            pattern = pattern[1..];
        return new MailboxPattern(reference + pattern);
    }

    /// <summary>True when <paramref name="name"/> matches the whole pattern.</summary>
    public bool Matches(string name)
    {
        // States: (position in the pattern, position in the name); memoised so that many wildcards stay
        // polynomial (a pattern like "*%*%*" would otherwise backtrack exponentially).
        int inboxLength = IsInboxRooted(name) ? 5 : 0;
        var failed = new HashSet<(int, int)>();
        return Match(0, 0);

        bool Match(int p, int n)
        {
            while (p < _pattern.Length)
            {
                char c = _pattern[p];
                if (c is '*' or '%')
                {
                    if (failed.Contains((p, n)))
                        return false;
                    // Try every length the wildcard could cover, shortest first; "%" stops at a delimiter.
                    for (int end = n; ; end++)
                    {
                        if (Match(p + 1, end))
                            return true;
                        if (end == name.Length || (c == '%' && name[end] == Delimiter))
                            break;
                    }
                    failed.Add((p, n));
                    return false;
                }
                if (n == name.Length || !SameChar(c, n))
                    return false;
                p++;
                n++;
            }
            return n == name.Length;
        }

        bool SameChar(char patternChar, int n) => n < inboxLength
            ? char.ToUpperInvariant(patternChar) == name[n]
            : patternChar == name[n];
    }

    // The store spells INBOX in upper case, and the names under it "INBOX/…".
    private static bool IsInboxRooted(string name) =>
        name.StartsWith("INBOX", StringComparison.Ordinal) && (name.Length == 5 || name[5] == Delimiter);
}
