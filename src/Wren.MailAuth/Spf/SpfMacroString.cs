using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Wren.MailAuth.Spf;

/// <summary>
/// A parsed macro-string (RFC 7208 §7.1): literal text and macros, checked when the record is read so that a
/// syntax error anywhere is a permerror (§4.6), expanded when a term is evaluated.
/// </summary>
internal sealed class SpfMacroString
{
    private const string DomainLetters = "slodiphv";
    // RFC 7208 §7.2: c, r and t are only allowed in explanation strings.
    private const string ExplanationLetters = "slodiphvcrt";
    // RFC 7208 §7.1: delimiter = "." / "-" / "+" / "," / "/" / "_" / "="
    private const string Delimiters = ".-+,/_=";

    private readonly IReadOnlyList<Part> _parts;

    private SpfMacroString(string text, IReadOnlyList<Part> parts)
    {
        Text = text;
        _parts = parts;
    }

    /// <summary>The text as written in the record.</summary>
    public string Text { get; }

    /// <summary>True when a %{p} macro is used: expanding it needs the validated name of the client (a DNS lookup).</summary>
    public bool UsesValidatedName => _parts.OfType<Macro>().Any(m => m.Letter == 'p');

    /// <summary>True when the last part is a macro-expand (a %{...} macro or %%, %_, %-), as RFC 7208 §7.1's domain-end allows.</summary>
    public bool EndsWithMacroExpand => _parts.Count > 0 && _parts[^1] is not Literal;

    /// <summary>The literal text after the last macro-expand ("" when the string ends with one).</summary>
    public string TrailingLiteral => _parts.Count > 0 && _parts[^1] is Literal literal ? literal.Text : "";

    /// <summary>
    /// Parses <paramref name="text"/> as a macro-string of a domain-spec or unknown modifier, or, with
    /// <paramref name="explanation"/>, as an explain-string (which also allows spaces and the letters c, r, t).
    /// </summary>
    public static bool TryParse(string text, bool explanation, [NotNullWhen(true)] out SpfMacroString? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        var parts = new List<Part>();
        var literal = new StringBuilder();
        string letters = explanation ? ExplanationLetters : DomainLetters;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '%')
            {
                // RFC 7208 §7.1: macro-literal = %x21-24 / %x26-7E; explain-string also allows SP.
                if (c is < '!' or > '~' && !(explanation && c == ' '))
                {
                    error = $"character U+{(int)c:X4} is not allowed in '{text}' (RFC 7208 §7.1)";
                    return false;
                }
                literal.Append(c);
                continue;
            }
            if (i + 1 >= text.Length)
            {
                error = $"'%' at the end of '{text}' (RFC 7208 §7.1)";
                return false;
            }
            char next = text[++i];
            Part? escape = next switch
            {
                // RFC 7208 §7.1: "%%" is a percent, "%_" a space, "%-" a URL-encoded space.
                '%' => new Escape("%"),
                '_' => new Escape(" "),
                '-' => new Escape("%20"),
                _ => null,
            };
            if (escape is null && next != '{')
            {
                // §7.1: a '%' followed by anything else is a syntax error.
                error = $"'%{next}' in '{text}' is not a macro (RFC 7208 §7.1)";
                return false;
            }
            if (literal.Length > 0)
            {
                parts.Add(new Literal(literal.ToString()));
                literal.Clear();
            }
            if (escape is not null)
            {
                parts.Add(escape);
                continue;
            }
            int close = text.IndexOf('}', i);
            if (close < 0 || !TryParseMacro(text.AsSpan(i + 1, close - i - 1), letters, out Macro? macro))
            {
                error = $"malformed macro in '{text}' (RFC 7208 §7.1)";
                return false;
            }
            parts.Add(macro);
            i = close;
        }
        if (literal.Length > 0)
            parts.Add(new Literal(literal.ToString()));
        result = new SpfMacroString(text, parts);
        error = null;
        return true;
    }

    /// <summary>Expands the string with <paramref name="context"/> (RFC 7208 §7.3).</summary>
    public string Expand(SpfMacroContext context)
    {
        var text = new StringBuilder();
        foreach (Part part in _parts)
        {
            switch (part)
            {
                case Literal literal:
                    text.Append(literal.Text);
                    break;
                case Escape escape:
                    text.Append(escape.Value);
                    break;
                case Macro macro:
                    text.Append(macro.Expand(context));
                    break;
            }
        }
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    // macro-expand = "%{" macro-letter transformers *delimiter "}"; transformers = *DIGIT [ "r" ]
    private static bool TryParseMacro(ReadOnlySpan<char> body, string letters, [NotNullWhen(true)] out Macro? macro)
    {
        macro = null;
        if (body.Length == 0 || !letters.Contains(char.ToLowerInvariant(body[0]), StringComparison.Ordinal))
            return false;
        char letter = char.ToLowerInvariant(body[0]);
        bool escape = char.IsAsciiLetterUpper(body[0]);
        int i = 1;
        int digitsStart = i;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
            i++;
        int keep = 0;
        if (i > digitsStart)
        {
            ReadOnlySpan<char> digits = body[digitsStart..i].TrimStart('0');
            // §7.3: a DIGIT transformer must be nonzero; any count above 128 keeps every part of a domain name.
            if (digits.Length == 0)
                return false;
            keep = digits.Length > 3 ? 999 : int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        bool reverse = false;
        if (i < body.Length && body[i] is 'r' or 'R')
        {
            reverse = true;
            i++;
        }
        ReadOnlySpan<char> delimiters = body[i..];
        foreach (char d in delimiters)
        {
            if (!Delimiters.Contains(d, StringComparison.Ordinal))
                return false;
        }
        macro = new Macro(letter, escape, keep, reverse, delimiters.Length == 0 ? "." : delimiters.ToString());
        return true;
    }

    private abstract record Part;

    private sealed record Literal(string Text) : Part;

    private sealed record Escape(string Value) : Part;

    private sealed record Macro(char Letter, bool UrlEscape, int Keep, bool Reverse, string Delimiters) : Part
    {
        public string Expand(SpfMacroContext context)
        {
            string value = context.ValueOf(Letter);
            // RFC 7208 §7.3: split on the delimiters, optionally reverse, keep the rightmost N parts, join with ".".
            string result = value;
            if (Keep > 0 || Reverse || Delimiters != ".")
            {
                IEnumerable<string> parts = value.Split(Delimiters.ToCharArray());
                if (Reverse)
                    parts = parts.Reverse();
                string[] list = parts.ToArray();
                if (Keep > 0 && Keep < list.Length)
                    list = list[^Keep..];
                result = string.Join('.', list);
            }
            // §7.3: an uppercase macro letter URL-escapes the result; only RFC 3986's unreserved characters stay.
            return UrlEscape ? Uri.EscapeDataString(result) : result;
        }
    }
}
