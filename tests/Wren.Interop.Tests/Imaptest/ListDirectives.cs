namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// The <c>$!</c> directives at the start of a pattern list: <c>$!ordered</c>, <c>$!unordered[=n]</c>,
/// <c>$!noextra</c>, <c>$!extra</c>, <c>$!ignore=e</c>, <c>$!ban=e</c>.
/// </summary>
public sealed class ListDirectives
{
    /// <summary>Elements (chains of <see cref="ChainSize"/>) may come in any order.</summary>
    public bool Unordered { get; private set; }

    /// <summary>Elements per chain in unordered matching: 2 for <c>FETCH (UID 1 FLAGS (…))</c>.</summary>
    public int ChainSize { get; private set; } = 1;

    /// <summary>Every input chain must be matched (or ignored); unordered lists allow extras unless told otherwise.</summary>
    public bool NoExtra { get; private set; }

    /// <summary>Unmatched input elements allowed despite <see cref="NoExtra"/>.</summary>
    public List<string> Ignored { get; } = [];

    /// <summary>Unmatched input elements not allowed despite extras being allowed.</summary>
    public List<string> Banned { get; } = [];

    /// <summary>How many leading pattern items were directives.</summary>
    public int Count { get; private set; }

    /// <summary>True if <paramref name="arg"/> is a <c>$!</c> directive atom.</summary>
    public static bool IsDirective(ImapArg arg) => arg.Kind == ImapArgKind.Atom && arg.Text.StartsWith("$!", StringComparison.Ordinal);

    /// <summary>Reads the directives at the start of <paramref name="items"/>; throws on an unknown one.</summary>
    public static ListDirectives Read(IReadOnlyList<ImapArg> items)
    {
        var d = new ListDirectives();
        bool? noExtra = null;
        while (d.Count < items.Count && IsDirective(items[d.Count]))
        {
            string s = items[d.Count].Text[2..];
            if (s.StartsWith("unordered", StringComparison.Ordinal))
            {
                d.Unordered = true;
                noExtra ??= false;
                if (s.Length > 9)
                {
                    if (s[9] != '=' || !int.TryParse(s.AsSpan(10), out int n) || n <= 0)
                        throw new FormatException("Broken $!unordered directive: " + s);
                    d.ChainSize = n;
                }
            }
            else if (s == "ordered")
                d.Unordered = false;
            else if (s == "extra")
                noExtra = false;
            else if (s == "noextra")
                noExtra = true;
            else if (s.StartsWith("ignore=", StringComparison.Ordinal))
                d.Ignored.Add(s[7..]);
            else if (s.StartsWith("ban=", StringComparison.Ordinal))
                d.Banned.Add(s[4..]);
            else
                throw new FormatException("Unknown directive: $!" + s);
            d.Count++;
        }
        d.NoExtra = noExtra ?? true;
        return d;
    }
}
