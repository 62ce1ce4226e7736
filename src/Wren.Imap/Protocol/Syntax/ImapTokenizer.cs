using System.Buffers.Text;
using System.Text;

namespace Wren.Imap.Protocol;

/// <summary>
/// Reads the tokens of one complete command in wire form (RFC 9051 §9): lines end in CRLF and a literal's
/// octets follow its <c>{n}</c> CRLF. Every failure is an <see cref="ImapParseException"/>.
/// </summary>
internal ref struct ImapTokenizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly ReadOnlySpan<byte> _buffer;
    private int _pos;

    public ImapTokenizer(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _pos = 0;
    }

    public readonly int Position => _pos;

    /// <summary>At the final CRLF (or the end of the buffer).</summary>
    public readonly bool AtEnd => _pos >= _buffer.Length || (_buffer[_pos] == (byte)'\r' && _pos + 2 == _buffer.Length);

    public readonly int Peek() => _pos < _buffer.Length ? _buffer[_pos] : -1;

    public readonly ReadOnlySpan<byte> Rest => _buffer[_pos..];

    public void Advance(int count) => _pos += count;

    public static ImapParseException Error(string message) => new(message);

    public void ExpectEnd()
    {
        if (!AtEnd)
            throw Error("Unexpected text at end of command: " + Describe());
    }

    /// <summary>A short, printable look at what comes next, for error messages.</summary>
    public readonly string Describe()
    {
        ReadOnlySpan<byte> rest = Rest;
        int n = Math.Min(rest.Length, 20);
        var sb = new StringBuilder(n);
        foreach (byte b in rest[..n])
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        return sb.Length == 0 ? "end of line" : "\"" + sb + "\"";
    }

    public bool TryConsume(byte c)
    {
        if (Peek() != c)
            return false;
        _pos++;
        return true;
    }

    public void Expect(byte c, string what)
    {
        if (!TryConsume(c))
            throw Error($"Expected {what}, got {Describe()}");
    }

    public void ExpectSpace() => Expect((byte)' ', "a space");

    public bool TryConsumeSpace() => TryConsume((byte)' ');

    /// <summary>Consumes <paramref name="word"/> (ASCII, case-insensitive) when it comes next, whole.</summary>
    public bool TryConsumeWord(ReadOnlySpan<byte> word)
    {
        ReadOnlySpan<byte> rest = Rest;
        if (rest.Length < word.Length || !System.Text.Ascii.EqualsIgnoreCase(rest[..word.Length], word))
            return false;
        if (rest.Length > word.Length && ImapChars.IsAtomChar(rest[word.Length]) && rest[word.Length] != (byte)'[')
            return false;
        _pos += word.Length;
        return true;
    }

    // tag = 1*<any ASTRING-CHAR except "+">
    public string ReadTag()
    {
        int start = _pos;
        while (_pos < _buffer.Length && ImapChars.IsTagChar(_buffer[_pos]))
            _pos++;
        if (_pos == start)
            throw Error("Missing or invalid tag");
        return Encoding.ASCII.GetString(_buffer[start.._pos]);
    }

    /// <summary>1*ATOM-CHAR as raw bytes (7-bit only).</summary>
    public ReadOnlySpan<byte> ReadAtomSpan(string what = "an atom")
    {
        int start = _pos;
        while (_pos < _buffer.Length && ImapChars.IsAtomChar(_buffer[_pos]))
            _pos++;
        if (_pos == start)
            throw Error($"Expected {what}, got {Describe()}");
        return _buffer[start.._pos];
    }

    public string ReadAtom(string what = "an atom") => Encoding.ASCII.GetString(ReadAtomSpan(what));

    /// <summary>An atom upper-cased, for keywords.</summary>
    public string ReadKeyword(string what) => ReadAtom(what).ToUpperInvariant();

    /// <summary>astring = 1*ASTRING-CHAR / string, as raw octets.</summary>
    public ReadOnlySpan<byte> ReadAStringBytes(bool allow8Bit = true)
    {
        int c = Peek();
        if (c == '"' || c == '{' || c == '~')
        {
            if (c != '~' || LooksLikeLiteral8())
                return ReadStringBytes();
        }
        int start = _pos;
        while (_pos < _buffer.Length && ImapChars.IsAStringChar(_buffer[_pos], allow8Bit))
            _pos++;
        if (_pos == start)
            throw Error($"Expected an atom or string, got {Describe()}");
        return _buffer[start.._pos];
    }

    public string ReadAString() => DecodeUtf8(ReadAStringBytes());

    /// <summary>string = quoted / literal, as raw octets.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        int c = Peek();
        if (c == '"')
            return ReadQuotedBytes();
        if (c == '{')
            return ReadLiteral(allowBinary: false);
        if (c == '~' && LooksLikeLiteral8())
            throw Error("A literal8 (~{n}) is only allowed in APPEND (RFC 3516 §4.3)");
        throw Error($"Expected a string, got {Describe()}");
    }

    public string ReadString() => DecodeUtf8(ReadStringBytes());

    /// <summary>nstring = string / NIL; null for NIL.</summary>
    public string? ReadNString()
    {
        if (TryConsumeWord("NIL"u8))
            return null;
        return ReadString();
    }

    private readonly bool LooksLikeLiteral8() => _pos + 1 < _buffer.Length && _buffer[_pos + 1] == (byte)'{';

    // quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> /
    // "\" quoted-specials / UTF8-2 / UTF8-3 / UTF8-4 (RFC 9051 §9). Escapes are removed.
    public ReadOnlySpan<byte> ReadQuotedBytes()
    {
        Expect((byte)'"', "a quoted string");
        int start = _pos;
        int end = _pos;
        bool escaped = false;
        while (true)
        {
            if (end >= _buffer.Length)
                throw Error("Unterminated quoted string");
            byte b = _buffer[end];
            if (b == (byte)'\r' || b == (byte)'\n' || b == 0)
                throw Error("Unterminated quoted string");
            if (b == (byte)'"')
                break;
            if (b == (byte)'\\')
            {
                escaped = true;
                end++;
                if (end >= _buffer.Length || (_buffer[end] != (byte)'"' && _buffer[end] != (byte)'\\'))
                    throw Error("Only \\\\ and \\\" may be escaped in a quoted string");
            }
            end++;
        }
        _pos = end + 1;
        if (!escaped)
            return _buffer[start..end];
        var copy = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++)
        {
            if (_buffer[i] == (byte)'\\')
                i++;
            copy[n++] = _buffer[i];
        }
        return copy.AsSpan(0, n);
    }

    /// <summary>
    /// literal = "{" number64 ["+"] "}" CRLF *CHAR8 (RFC 9051 §9, RFC 7888 §3); with
    /// <paramref name="allowBinary"/>, literal8 = "~{" number64 ["+"] "}" CRLF *OCTET (RFC 3516 §4.1).
    /// </summary>
    public ReadOnlySpan<byte> ReadLiteral(bool allowBinary) => ReadLiteral(allowBinary, out _, out _);

    public ReadOnlySpan<byte> ReadLiteral(bool allowBinary, out bool binary, out bool nonSynchronizing)
    {
        binary = TryConsume((byte)'~');
        if (binary && !allowBinary)
            throw Error("A literal8 (~{n}) is only allowed in APPEND (RFC 3516 §4.3)");
        Expect((byte)'{', "a literal");
        ulong length = ReadNumber64();
        nonSynchronizing = TryConsume((byte)'+');
        Expect((byte)'}', "}");
        if (!(TryConsume((byte)'\r') && TryConsume((byte)'\n')))
            throw Error("A literal's size must end the line");
        if ((ulong)(_buffer.Length - _pos) < length)
            throw Error("Literal is shorter than announced");
        ReadOnlySpan<byte> data = _buffer.Slice(_pos, (int)length);
        _pos += (int)length;
        // CHAR8 = %x01-ff: a NUL needs literal8 (RFC 3516).
        if (!binary && data.Contains((byte)0))
            throw Error("NUL in a literal; use literal8 (RFC 3516)");
        return data;
    }

    // number = 1*DIGIT ; unsigned 32-bit (RFC 9051 §9)
    public uint ReadNumber()
    {
        ulong n = ReadDigits(uint.MaxValue, "a number");
        return (uint)n;
    }

    // nz-number = digit-nz *DIGIT
    public uint ReadNzNumber()
    {
        uint n = ReadNumber();
        if (n == 0)
            throw Error("Expected a non-zero number");
        return n;
    }

    // number64 = 1*DIGIT ; 0 <= n <= 9,223,372,036,854,775,807 (RFC 9051 §9)
    public ulong ReadNumber64() => ReadDigits(long.MaxValue, "a number");

    private ulong ReadDigits(ulong max, string what)
    {
        int start = _pos;
        ulong n = 0;
        while (_pos < _buffer.Length && ImapChars.IsDigit(_buffer[_pos]))
        {
            ulong digit = (ulong)(_buffer[_pos] - '0');
            if (n > (max - digit) / 10)
                throw Error("Number too large");
            n = n * 10 + digit;
            _pos++;
        }
        if (_pos == start)
            throw Error($"Expected {what}, got {Describe()}");
        return n;
    }

    public readonly bool PeekDigit() => _pos < _buffer.Length && ImapChars.IsDigit(_buffer[_pos]);

    /// <summary>
    /// sequence-set = (seq-number / seq-range) ["," sequence-set]; seq-number = nz-number / "*";
    /// seq-range = seq-number ":" seq-number (RFC 9051 §9); "$" alone (RFC 5182 §2.1).
    /// </summary>
    public ImapSequenceSet ReadSequenceSet()
    {
        if (TryConsume((byte)'$'))
            return ImapSequenceSet.SavedResult;
        var ranges = new List<ImapSequenceRange>();
        do
        {
            uint first = ReadSeqNumber();
            uint last = first;
            if (TryConsume((byte)':'))
                last = ReadSeqNumber();
            ranges.Add(new ImapSequenceRange(first, last));
        }
        while (TryConsume((byte)','));
        return new ImapSequenceSet(ranges);
    }

    public readonly bool PeekSequenceSet()
    {
        int c = Peek();
        return c == '$' || c == '*' || (c >= '1' && c <= '9');
    }

    private uint ReadSeqNumber()
    {
        if (TryConsume((byte)'*'))
            return ImapSequenceRange.Star;
        if (!PeekDigit())
            throw Error($"Expected a sequence number, got {Describe()}");
        if (Peek() == '0')
            throw Error("Sequence numbers start at 1");
        return ReadNzNumber();
    }

    /// <summary>Decodes UTF-8, rejecting malformed octets.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Ascii.IsValid(bytes))
            return Encoding.ASCII.GetString(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error("Invalid UTF-8");
        }
    }

    /// <summary>Decodes BASE64 (RFC 4648 §4) strictly.</summary>
    public static byte[] DecodeBase64(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
            return [];
        byte[] result = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (Base64.DecodeFromUtf8(text, result, out int consumed, out int written) != System.Buffers.OperationStatus.Done
            || consumed != text.Length)
            throw Error("Invalid BASE64");
        return result.AsSpan(0, written).ToArray();
    }
}
