using System.Text;

namespace Wren.MailAuth.Results;

/// <summary>A cursor over a header field value that reads the RFC 5322 / RFC 2045 pieces RFC 8601 is made of:
/// CFWS (white space, folding, nested comments), tokens, quoted strings.</summary>
internal sealed class CfwsReader(string text)
{
    private int _pos;

    public bool AtEnd => _pos >= text.Length;

    public char Peek => _pos < text.Length ? text[_pos] : '\0';

    public void Advance() => _pos++;

    /// <summary>Skips white space, line breaks and comments; adds each comment's text to <paramref name="comments"/>.
    /// False when a comment is not closed.</summary>
    public bool SkipCfws(List<string>? comments = null)
    {
        while (_pos < text.Length)
        {
            char c = text[_pos];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                _pos++;
            }
            else if (c == '(')
            {
                if (!ReadComment(out string comment))
                    return false;
                comments?.Add(comment);
            }
            else
            {
                break;
            }
        }
        return true;
    }

    /// <summary>RFC 5322 §3.2.2 comment, nested and with quoted-pairs; the cursor is on its "(".</summary>
    private bool ReadComment(out string comment)
    {
        var sb = new StringBuilder();
        int depth = 0;
        while (_pos < text.Length)
        {
            char c = text[_pos++];
            if (c == '\\' && _pos < text.Length)
            {
                sb.Append(text[_pos++]);
                continue;
            }
            if (c == '(' && depth++ == 0)
                continue;
            if (c == ')' && --depth == 0)
            {
                comment = sb.ToString();
                return true;
            }
            sb.Append(c);
        }
        comment = sb.ToString();
        return false;
    }

    /// <summary>Reads characters while <paramref name="accept"/> holds; empty when none does.</summary>
    public string ReadWhile(Func<char, bool> accept)
    {
        int start = _pos;
        while (_pos < text.Length && accept(text[_pos]))
            _pos++;
        return text[start.._pos];
    }

    /// <summary>RFC 5322 §3.2.4 quoted-string, the cursor on its opening quote; returns the content unescaped, CRLF removed.</summary>
    public string? ReadQuotedString()
    {
        if (Peek != '"')
            return null;
        _pos++;
        var sb = new StringBuilder();
        while (_pos < text.Length)
        {
            char c = text[_pos++];
            if (c == '"')
                return sb.ToString();
            if (c == '\\' && _pos < text.Length)
                sb.Append(text[_pos++]);
            else if (c is not ('\r' or '\n'))
                sb.Append(c);
        }
        return null;
    }

    /// <summary>RFC 8601 value: a token or a quoted string; null when neither is there.</summary>
    public string? ReadValue()
    {
        if (Peek == '"')
            return ReadQuotedString();
        string token = ReadWhile(HeaderValueSyntax.IsTokenChar);
        return token.Length > 0 ? token : null;
    }
}
