using System.Text;

namespace Wren.Mail.Summaries;

/// <summary>
/// A lenient RFC 5322 §3.4 address-list parser producing ENVELOPE addresses (RFC 9051 §7.5.2). Quoting is
/// removed but encoded words stay as sent; a comment stands in for a missing display name; groups become
/// start and end markers; obsolete routes (RFC 5322 §4.4) fill the adl field. It never throws: what cannot be
/// understood is skipped or kept as a bare local part.
/// </summary>
internal sealed class AddressListParser
{
    private enum Kind { Word, Quoted, Comment, DomainLiteral, Special }

    private readonly record struct Token(Kind Kind, string Text)
    {
        public bool Is(char special) => Kind == Kind.Special && Text[0] == special;
    }

    private readonly List<Token> _tokens;
    private readonly List<EnvelopeAddress> _result = [];
    private int _position;

    private AddressListParser(string value) => _tokens = Tokenize(value);

    /// <summary>The addresses of <paramref name="value"/> (an unfolded header value), or null when it holds none.</summary>
    public static IReadOnlyList<EnvelopeAddress>? Parse(string? value)
    {
        if (value is null)
            return null;
        var parser = new AddressListParser(value);
        parser.ParseList();
        return parser._result.Count == 0 ? null : parser._result;
    }

    private bool AtEnd => _position >= _tokens.Count;

    private Token Current => _tokens[_position];

    private void ParseList()
    {
        while (!AtEnd)
        {
            if (Current.Is(',') || Current.Is(';') || Current.Is('>'))
            {
                _position++;
                continue;
            }
            ParseAddress(inGroup: false);
        }
    }

    // One mailbox or (outside a group) one group; stops before the ',' or ';' that ends it.
    private void ParseAddress(bool inGroup)
    {
        var phrase = new List<Token>();
        while (!AtEnd && (Current.Kind != Kind.Special || Current.Is('.')))
            phrase.Add(_tokens[_position++]);

        if (AtEnd || Current.Is(',') || (inGroup && Current.Is(';')))
        {
            AddBare(phrase);
            return;
        }

        char special = Current.Text[0];
        _position++;
        switch (special)
        {
            case ':' when !inGroup:
                ParseGroup(phrase);
                break;
            case '<':
                ParseAngleAddress(phrase);
                break;
            case '@':
                ParseAddrSpecDomain(phrase);
                break;
            default:
                // A stray special (':' in a group, '>' or ';' outside one): keep what came before, if anything.
                AddBare(phrase);
                break;
        }
    }

    // RFC 5322 §3.4: group = display-name ":" [group-list] ";"
    private void ParseGroup(List<Token> phrase)
    {
        _result.Add(EnvelopeAddress.GroupStart(PhraseText(phrase) ?? ""));
        while (!AtEnd && !Current.Is(';'))
        {
            if (Current.Is(',') || Current.Is(':') || Current.Is('>'))
            {
                _position++;
                continue;
            }
            ParseAddress(inGroup: true);
        }
        if (!AtEnd)
            _position++; // ';'
        _result.Add(EnvelopeAddress.GroupEnd);
    }

    // RFC 5322 §3.4 name-addr = [display-name] angle-addr; §4.4 obs-route inside the brackets.
    private void ParseAngleAddress(List<Token> phrase)
    {
        string? route = null;
        if (!AtEnd && Current.Is('@'))
        {
            var builder = new StringBuilder();
            while (!AtEnd && !Current.Is(':') && !Current.Is('>'))
            {
                if (Current.Kind != Kind.Comment)
                    builder.Append(Current.Text);
                _position++;
            }
            if (!AtEnd && Current.Is(':'))
            {
                _position++;
                route = builder.ToString();
            }
            else
            {
                // No ':' after all: "<@domain>" is no route but a broken address; keep its text as the host.
                if (!AtEnd)
                    _position++;
                _result.Add(new EnvelopeAddress(PhraseText(phrase), null, "", builder.ToString().TrimStart('@')));
                return;
            }
        }

        var local = new StringBuilder();
        var domain = new StringBuilder();
        bool inDomain = false;
        string? comment = null;
        while (!AtEnd && !Current.Is('>'))
        {
            Token token = _tokens[_position++];
            if (token.Kind == Kind.Comment)
                comment ??= token.Text;
            else if (!inDomain && token.Is('@'))
                inDomain = true;
            else
                (inDomain ? domain : local).Append(token.Text);
        }
        if (!AtEnd)
            _position++; // '>'
        comment ??= SkipToEnd();

        string? name = PhraseText(phrase) ?? NonEmpty(comment);
        if (local.Length == 0 && domain.Length == 0 && route is null)
        {
            // "<>" (a null path): nothing to report unless a name came with it.
            if (name is not null)
                _result.Add(new EnvelopeAddress(name, null, "", ""));
            return;
        }
        _result.Add(new EnvelopeAddress(name, route, local.ToString(), domain.ToString()));
    }

    // RFC 5322 §3.4.1 addr-spec = local-part "@" domain; the '@' has been read.
    private void ParseAddrSpecDomain(List<Token> localTokens)
    {
        var local = new StringBuilder();
        string? comment = null;
        foreach (Token token in localTokens)
        {
            if (token.Kind == Kind.Comment)
                comment ??= token.Text;
            else
                local.Append(token.Text);
        }
        var domain = new StringBuilder();
        while (!AtEnd && (Current.Kind != Kind.Special || Current.Is('.') || Current.Is('@')))
        {
            Token token = _tokens[_position++];
            if (token.Kind == Kind.Comment)
                comment ??= token.Text;
            else
                domain.Append(token.Text);
        }
        if (!AtEnd && Current.Is('<'))
        {
            // "a@b <c@d>": treat what came before as the display name.
            _position++;
            var phrase = new List<Token> { new(Kind.Word, local + "@" + domain) };
            ParseAngleAddress(phrase);
            return;
        }
        comment ??= SkipToEnd();
        _result.Add(new EnvelopeAddress(NonEmpty(comment), null, local.ToString(), domain.ToString()));
    }

    // Words without '@' or brackets ("undisclosed-recipients", "user"): a local part with no domain.
    private void AddBare(List<Token> phrase)
    {
        var local = new StringBuilder();
        string? comment = null;
        foreach (Token token in phrase)
        {
            if (token.Kind == Kind.Comment)
                comment ??= token.Text;
            else
            {
                if (local.Length > 0 && token.Kind != Kind.Special)
                    local.Append(' ');
                local.Append(token.Text);
            }
        }
        if (local.Length > 0)
            _result.Add(new EnvelopeAddress(NonEmpty(comment), null, local.ToString(), ""));
    }

    // Skips junk after an address up to the ',' or ';' that ends it; returns the first comment met.
    private string? SkipToEnd()
    {
        string? comment = null;
        while (!AtEnd && !Current.Is(',') && !Current.Is(';'))
        {
            if (Current.Kind == Kind.Comment)
                comment ??= Current.Text;
            _position++;
        }
        return comment;
    }

    // RFC 5322 §3.2.5 phrase: words joined by one space, quoting removed, comments dropped.
    private static string? PhraseText(List<Token> phrase)
    {
        var builder = new StringBuilder();
        foreach (Token token in phrase)
        {
            if (token.Kind == Kind.Comment)
                continue;
            if (builder.Length > 0 && !token.Is('.'))
                builder.Append(' ');
            builder.Append(token.Text);
        }
        return NonEmpty(builder.ToString());
    }

    private static string? NonEmpty(string? text)
    {
        text = text?.Trim(' ', '\t');
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static bool IsSpecial(char c) => c is '(' or ')' or '<' or '>' or '[' or ']' or ':' or ';' or '@' or ',' or '"';

    private static List<Token> Tokenize(string value)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < value.Length)
        {
            char c = value[i];
            if (c is ' ' or '\t')
            {
                i++;
            }
            else if (c == '"')
            {
                tokens.Add(new Token(Kind.Quoted, ReadQuoted(value, ref i)));
            }
            else if (c == '(')
            {
                tokens.Add(new Token(Kind.Comment, ReadComment(value, ref i)));
            }
            else if (c == '[')
            {
                int end = value.IndexOf(']', i);
                end = end < 0 ? value.Length : end + 1;
                tokens.Add(new Token(Kind.DomainLiteral, value[i..end]));
                i = end;
            }
            else if (IsSpecial(c))
            {
                tokens.Add(new Token(Kind.Special, c.ToString()));
                i++;
            }
            else
            {
                int start = i;
                while (i < value.Length && value[i] is not (' ' or '\t') && !IsSpecial(value[i]))
                    i++;
                tokens.Add(new Token(Kind.Word, value[start..i]));
            }
        }
        return tokens;
    }

    // RFC 5322 §3.2.4 quoted-string: the content with quoted-pairs resolved.
    private static string ReadQuoted(string value, ref int i)
    {
        var builder = new StringBuilder();
        i++;
        while (i < value.Length && value[i] != '"')
        {
            if (value[i] == '\\' && i + 1 < value.Length)
                i++;
            builder.Append(value[i++]);
        }
        i++;
        return builder.ToString();
    }

    // RFC 5322 §3.2.2 comment: nested parentheses, quoted-pairs resolved; the content without the outer parentheses.
    private static string ReadComment(string value, ref int i)
    {
        var builder = new StringBuilder();
        int depth = 0;
        while (i < value.Length)
        {
            char c = value[i++];
            if (c == '\\' && i < value.Length)
            {
                builder.Append(value[i++]);
                continue;
            }
            if (c == '(' && depth++ == 0)
                continue;
            if (c == ')' && --depth == 0)
                break;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
