using System.Globalization;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// Matches a script's pattern arguments against a server reply's, imaptest's way: text compares case-insensitively;
/// a <c>$var</c> binds to the reply's text on its first match and must equal it afterwards (case-sensitively);
/// <c>$</c> matches any one argument or list; <c>$]</c> skips to the argument holding <c>]</c>; <c>${case:Text}</c>
/// makes the argument case-sensitive; lists match in order unless <c>$!unordered[=n]</c>. A failed attempt unbinds
/// what it bound.
/// </summary>
public sealed class ReplyMatcher(ScriptVariables variables)
{
    /// <summary>Returned by <see cref="Match"/> for a full match; otherwise it returns how many arguments matched.</summary>
    public const int Full = int.MaxValue;

    /// <summary>The variables bound and read while matching.</summary>
    public ScriptVariables Variables { get; } = variables;

    /// <summary>
    /// Matches <paramref name="pattern"/> against <paramref name="reply"/>. With <paramref name="prefix"/> (tagged
    /// replies and untagged OK/NO/BAD/BYE) the reply may go on after the pattern, and the pattern's last argument
    /// need only be a prefix of the reply's.
    /// </summary>
    public int Match(IReadOnlyList<ImapArg> pattern, IReadOnlyList<ImapArg> reply, bool prefix)
    {
        int mark = Variables.Mark();
        int result = MatchArgs(pattern, 0, reply, 0, int.MaxValue, prefix);
        if (result != Full)
            Variables.RevertTo(mark);
        return result;
    }

    private int MatchArgs(IReadOnlyList<ImapArg> pattern, int p, IReadOnlyList<ImapArg> input, int i, int max, bool prefix)
    {
        int matched = 0;
        for (; p < pattern.Count && max > 0; p++, i++, max--)
        {
            var m = pattern[p];
            var a = i < input.Count ? input[i] : null;
            switch (m.Kind)
            {
                case ImapArgKind.Nil:
                    if (a?.Kind != ImapArgKind.Nil)
                        return matched;
                    break;
                case ImapArgKind.List:
                    if (a?.Kind != ImapArgKind.List)
                        return matched;
                    int sub = MatchList(m.Items, a.Items);
                    if (sub != Full)
                        return matched + sub;
                    break;
                default:
                    if (m.Text == "$" && a?.Kind == ImapArgKind.List)
                        break;
                    if (m.Text == "$]")
                    {
                        // Skips to the argument holding ']', e.g. "* OK [CAPABILITY $] text".
                        while (i < input.Count && input[i].Kind == ImapArgKind.Atom && !input[i].Text.Contains(']'))
                            i++;
                        break;
                    }
                    if (a is null || !a.IsText)
                        return matched;
                    if (!MatchText(m.Text, a.Text, prefix && p == pattern.Count - 1))
                        return matched;
                    break;
            }
            matched++;
        }
        return prefix || i >= input.Count || max == 0 ? Full : matched;
    }

    private int MatchList(IReadOnlyList<ImapArg> pattern, IReadOnlyList<ImapArg> input)
    {
        var d = ListDirectives.Read(pattern);
        if (!d.Unordered)
            return MatchArgs(pattern, d.Count, input, 0, int.MaxValue, prefix: false);
        int chain = d.ChainSize;
        if (input.Count % chain != 0)
            return 0;
        var used = new bool[input.Count];
        int matched = 0;
        for (int p = d.Count; p < pattern.Count; p += chain, matched++)
        {
            bool found = false;
            for (int i = 0; i < input.Count && !found; i += chain)
            {
                int mark = Variables.Mark();
                if (MatchArgs(pattern, p, input, i, chain, prefix: false) == Full)
                {
                    used[i] = true;
                    found = true;
                }
                else
                    Variables.RevertTo(mark);
            }
            if (!found)
                return matched;
        }
        for (int i = 0; i < input.Count; i += chain)
        {
            if (used[i] || !input[i].IsText)
                continue;
            string text = input[i].Text;
            if (d.NoExtra && !d.Ignored.Contains(text, StringComparer.OrdinalIgnoreCase))
                return matched;
            if (!d.NoExtra && d.Banned.Contains(text, StringComparer.OrdinalIgnoreCase))
                return matched;
        }
        return Full;
    }

    /// <summary>Expands <paramref name="pattern"/> against <paramref name="input"/>, binding variables, and compares.</summary>
    private bool MatchText(string pattern, string input, bool prefix)
    {
        // imaptest compares C strings: text ends at its first NUL. append-binary depends on it (its expected
        // BINARY[1] literal is a byte shorter than what it appended, but both begin with a NUL).
        pattern = UpToNul(pattern);
        input = UpToNul(input);
        string? expanded = Expand(pattern, input, out bool ignoreCase);
        if (expanded is null)
            return false;
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return prefix ? input.StartsWith(expanded, comparison) : string.Equals(input, expanded, comparison);
    }

    private static string UpToNul(string text)
    {
        int nul = text.IndexOf('\0');
        return nul < 0 ? text : text[..nul];
    }

    private string? Expand(string pattern, string input, out bool ignoreCase)
    {
        ignoreCase = true;
        var output = new System.Text.StringBuilder(pattern.Length + 16);
        int s = 0, n = 0;
        while (s < pattern.Length)
        {
            char c = pattern[s];
            if (c != '$' || (s + 1 < pattern.Length && pattern[s + 1] == '$'))
            {
                if (c == '$')
                    s++; // "$$" is a literal '$'
                c = pattern[s];
                if (n >= input.Length || char.ToUpperInvariant(c) != char.ToUpperInvariant(input[n]))
                    return null;
                output.Append(c);
                s++;
                n++;
                continue;
            }
            string name = ReadVariableName(pattern, ref s);
            string? value;
            if (uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out uint seq))
                value = Variables.RelativeSequence(seq);
            else if (name.StartsWith("case:", StringComparison.Ordinal))
            {
                ignoreCase = false;
                value = name[5..];
            }
            else
            {
                value = name.Length == 0 ? null : Variables[name];
                if (value is null)
                {
                    int end = CaptureEnd(pattern, s, input, n);
                    value = input[n..end];
                    if (name.Length > 0 && !BindCaptured(name, value))
                        return null;
                }
            }
            output.Append(value);
            if (n + value.Length > input.Length || string.CompareOrdinal(input, n, value, 0, value.Length) != 0)
                return null;
            n += value.Length;
        }
        return output.ToString();
    }

    private bool BindCaptured(string name, string value)
    {
        if (name.StartsWith("modseq", StringComparison.Ordinal) && long.TryParse(name.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out long index))
            return Variables.BindModseq(name, index, value);
        Variables.Bind(name, value);
        return true;
    }

    /// <summary>An unbound variable takes the input up to the pattern's next character (or to the end).</summary>
    private int CaptureEnd(string pattern, int s, string input, int n)
    {
        char? stop = null;
        if (s < pattern.Length)
        {
            if (pattern[s] != '$' || (s + 1 < pattern.Length && pattern[s + 1] == '$'))
                stop = pattern[s];
            else
            {
                int t = s;
                string next = ReadVariableName(pattern, ref t);
                string? bound = next.Length > 0 ? Variables[next] : null;
                if (!string.IsNullOrEmpty(bound))
                    stop = bound[0];
            }
        }
        if (stop is null)
            return input.Length;
        char upper = char.ToUpperInvariant(stop.Value);
        int end = n;
        while (end < input.Length && char.ToUpperInvariant(input[end]) != upper)
            end++;
        return end;
    }

    /// <summary>Reads <c>$name</c> or <c>${name}</c> at <paramref name="s"/> (which points at the '$').</summary>
    private static string ReadVariableName(string pattern, ref int s)
    {
        s++;
        if (s < pattern.Length && pattern[s] == '{')
        {
            int close = pattern.IndexOf('}', s);
            if (close < 0)
            {
                string all = pattern[(s + 1)..];
                s = pattern.Length;
                return all;
            }
            string braced = pattern[(s + 1)..close];
            s = close + 1;
            return braced;
        }
        int start = s;
        while (s < pattern.Length && (char.IsAsciiLetterOrDigit(pattern[s]) || pattern[s] == '_'))
            s++;
        return pattern[start..s];
    }
}
