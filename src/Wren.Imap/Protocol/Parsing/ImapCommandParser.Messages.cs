namespace Wren.Imap.Protocol;

internal ref partial struct ImapCommandParser
{
    /// <summary>What <see cref="TryParseAppendHead"/> found.</summary>
    public enum AppendHeadKind
    {
        /// <summary>Not an APPEND command: collect the literal as usual.</summary>
        NotAppend,

        /// <summary>An APPEND whose literal is not the message (the mailbox name): collect it as usual.</summary>
        OtherLiteral,

        /// <summary>The literal is the APPEND message.</summary>
        Message,
    }

    /// <summary>
    /// Called when a command line ends with a literal announcement starting at <paramref name="literalStart"/>
    /// (the last thing in <paramref name="buffer"/>, before CRLF): decides whether that literal is an APPEND
    /// message, which is streamed rather than buffered. Throws <see cref="ImapParseException"/> for an APPEND
    /// that is already malformed.
    /// </summary>
    public static AppendHeadKind TryParseAppendHead(
        ReadOnlySpan<byte> buffer, int literalStart, ImapParseOptions options, out AppendCommand? head)
    {
        head = null;
        var parser = new ImapCommandParser(buffer, options);
        string tag = parser._t.ReadTag();
        parser._t.ExpectSpace();
        if (!parser._t.TryConsumeWord("APPEND"u8))
            return AppendHeadKind.NotAppend;
        parser._t.ExpectSpace();
        if (parser._t.Position == literalStart)
            return AppendHeadKind.OtherLiteral;
        head = parser.ParseAppendBody(tag, literalStart);
        return AppendHeadKind.Message;
    }

    // A whole APPEND in one buffer (the message inline): parsed for its head; the reader never gets here
    // with a message literal, it streams it.
    private AppendCommand ParseAppend(string tag)
    {
        _t.ExpectSpace();
        return ParseAppendBody(tag, -1);
    }

    // append = "APPEND" SP mailbox 1*append-message (RFC 4466 §2.3, one message: no MULTIAPPEND);
    // append-message = append-opts SP append-data; append-opts = [SP flag-list] [SP date-time];
    // append-data = literal / literal8 (RFC 3516 §4.4) / "UTF8" SP "(" literal8 ")" (RFC 6855 §4)
    private AppendCommand ParseAppendBody(string tag, int literalStart)
    {
        string mailbox = ReadMailbox();
        IReadOnlyList<string> flags = [];
        DateTimeOffset? date = null;
        _t.ExpectSpace();
        if (_t.Peek() == '(')
        {
            flags = ReadFlagList();
            _t.ExpectSpace();
        }
        if (_t.Peek() == '"')
        {
            ReadOnlySpan<byte> text = _t.ReadQuotedBytes();
            if (!ImapDates.TryParseDateTime(text, out DateTimeOffset parsed))
                throw ImapTokenizer.Error("Invalid date-time");
            date = parsed;
            _t.ExpectSpace();
        }
        bool utf8 = false;
        if (_t.TryConsumeWord("UTF8"u8))
        {
            utf8 = true;
            _t.ExpectSpace();
            _t.Expect((byte)'(', "( after UTF8");
            if (_t.Peek() != '~')
                throw ImapTokenizer.Error("UTF8 needs a literal8 (RFC 6855 §4)");
        }
        int c = _t.Peek();
        if (c != '{' && c != '~')
            throw ImapTokenizer.Error($"Expected the message literal, got {_t.Describe()}");
        if (literalStart >= 0 && _t.Position != literalStart)
            throw ImapTokenizer.Error("Malformed APPEND");
        ImapAppendLiteral message = literalStart >= 0 ? ReadLiteralAnnouncement(utf8) : ReadInlineMessage(utf8);
        return new AppendCommand(tag, mailbox, flags, date, message);
    }

    // The announcement "{n}" / "{n+}" / "~{n}" / "~{n+}" CRLF that ends the buffer.
    private ImapAppendLiteral ReadLiteralAnnouncement(bool utf8)
    {
        bool binary = _t.TryConsume((byte)'~');
        _t.Expect((byte)'{', "{");
        ulong length = _t.ReadNumber64();
        bool nonSync = _t.TryConsume((byte)'+');
        _t.Expect((byte)'}', "}");
        return new ImapAppendLiteral((long)length, binary, !nonSync, utf8);
    }

    private ImapAppendLiteral ReadInlineMessage(bool utf8)
    {
        ReadOnlySpan<byte> data = _t.ReadLiteral(allowBinary: true, out bool binary, out bool nonSync);
        if (utf8)
            _t.Expect((byte)')', ")");
        return new ImapAppendLiteral(data.Length, binary, !nonSync, utf8);
    }

    // store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags (RFC 9051 §9, RFC 7162 §7);
    // store-modifier = "UNCHANGEDSINCE" SP mod-sequence-valzer;
    // store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
    private StoreCommand ParseStore(string tag, bool uid)
    {
        ImapSequenceSet set = SpaceSequenceSet();
        _t.ExpectSpace();
        ulong? unchangedSince = null;
        if (_t.TryConsume((byte)'('))
        {
            do
            {
                string name = _t.ReadKeyword("a STORE modifier");
                if (name != "UNCHANGEDSINCE")
                    throw ImapTokenizer.Error($"Unknown STORE modifier {name}");
                _t.ExpectSpace();
                unchangedSince = _t.ReadNumber64();
            }
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
            _t.ExpectSpace();
        }
        var mode = StoreMode.Replace;
        if (_t.TryConsume((byte)'+'))
            mode = StoreMode.Add;
        else if (_t.TryConsume((byte)'-'))
            mode = StoreMode.Remove;
        string item = _t.ReadKeyword("FLAGS");
        bool silent = item switch
        {
            "FLAGS" => false,
            "FLAGS.SILENT" => true,
            _ => throw ImapTokenizer.Error($"Unknown STORE item {item}"),
        };
        _t.ExpectSpace();
        List<string> flags;
        if (_t.Peek() == '(')
        {
            flags = ReadFlagList();
        }
        else
        {
            flags = [];
            do
                flags.Add(ReadFlag());
            while (_t.TryConsumeSpace());
        }
        return new StoreCommand(tag, uid, set, mode, silent, flags, unchangedSince);
    }
}
