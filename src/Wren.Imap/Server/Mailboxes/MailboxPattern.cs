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

    // Runs of wildcards are one wildcard ("**" is "*", "%*" is "*", "%%" is "%"): shorter, same meaning.
    private MailboxPattern(string pattern) => _pattern = CollapseWildcards(pattern);

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
        // Iterative, over the set of name prefixes the pattern read so far can match: no recursion, so a
        // long hostile pattern cannot exhaust the stack; O(pattern × name) at worst, and it stops as soon as
        // no prefix is left (each literal character consumes one character of the name).
        int inboxLength = IsInboxRooted(name) ? 5 : 0;
        var current = new bool[name.Length + 1];
        var next = new bool[name.Length + 1];
        current[0] = true;
        foreach (char c in _pattern)
        {
            bool any = false;
            if (c is '*' or '%')
            {
                // A wildcard covers name[k..n) for any earlier matched prefix k ("%" only without a delimiter).
                bool running = false;
                for (int n = 0; n <= name.Length; n++)
                {
                    if (c == '%' && n > 0 && name[n - 1] == Delimiter)
                        running = false;
                    running |= current[n];
                    next[n] = running;
                    any |= running;
                }
            }
            else
            {
                next[0] = false;
                for (int n = 1; n <= name.Length; n++)
                {
                    next[n] = current[n - 1] && SameChar(c, n - 1);
                    any |= next[n];
                }
            }
            if (!any)
                return false;
            (current, next) = (next, current);
        }
        return current[name.Length];

        bool SameChar(char patternChar, int n) => n < inboxLength
            ? char.ToUpperInvariant(patternChar) == name[n]
            : patternChar == name[n];
    }

    private static string CollapseWildcards(string pattern)
    {
        var builder = new System.Text.StringBuilder(pattern.Length);
        foreach (char c in pattern)
        {
            if (c is '*' or '%' && builder.Length > 0 && builder[^1] is '*' or '%')
            {
                if (c == '*')
                    builder[^1] = '*';
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    // The store spells INBOX in upper case, and the names under it "INBOX/…".
    private static bool IsInboxRooted(string name) =>
        name.StartsWith("INBOX", StringComparison.Ordinal) && (name.Length == 5 || name[5] == Delimiter);
}
