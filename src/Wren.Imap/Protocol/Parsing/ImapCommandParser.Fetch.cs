namespace Wren.Imap.Protocol;

internal ref partial struct ImapCommandParser
{
    private static readonly FetchItem[] FastMacro =
    [
        new FetchAttributeItem(FetchAttribute.Flags),
        new FetchAttributeItem(FetchAttribute.InternalDate),
        new FetchAttributeItem(FetchAttribute.Rfc822Size),
    ];

    // fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
    // [fetch-modifiers] (RFC 9051 §9, RFC 4466 §2.4); fetch-modifier = "CHANGEDSINCE" SP mod-sequence-value
    // (RFC 7162 §7) / "VANISHED" (RFC 7162 §7)
    private FetchCommand ParseFetch(string tag, bool uid)
    {
        ImapSequenceSet set = SpaceSequenceSet();
        _t.ExpectSpace();
        var items = new List<FetchItem>();
        if (_t.TryConsume((byte)'('))
        {
            do
                items.Add(ReadFetchAtt());
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
        }
        else if (_t.TryConsumeWord("ALL"u8))
        {
            // RFC 9051 §6.4.5: ALL = (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)
            items.AddRange(FastMacro);
            items.Add(new FetchAttributeItem(FetchAttribute.Envelope));
        }
        else if (_t.TryConsumeWord("FAST"u8))
        {
            items.AddRange(FastMacro);
        }
        else if (_t.TryConsumeWord("FULL"u8))
        {
            // FULL = (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY)
            items.AddRange(FastMacro);
            items.Add(new FetchAttributeItem(FetchAttribute.Envelope));
            items.Add(new FetchAttributeItem(FetchAttribute.Body));
        }
        else
        {
            items.Add(ReadFetchAtt());
        }

        ulong? changedSince = null;
        bool vanished = false;
        if (_t.TryConsumeSpace())
        {
            _t.Expect((byte)'(', "( before FETCH modifiers");
            do
            {
                string name = _t.ReadKeyword("a FETCH modifier");
                switch (name)
                {
                    case "CHANGEDSINCE":
                        _t.ExpectSpace();
                        changedSince = _t.ReadNumber64();
                        break;
                    case "VANISHED":
                        vanished = true;
                        break;
                    default:
                        throw ImapTokenizer.Error($"Unknown FETCH modifier {name}");
                }
            }
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
        }
        // RFC 7162 §3.2.6: VANISHED only in UID FETCH and with CHANGEDSINCE; otherwise BAD.
        if (vanished && (!uid || changedSince is null))
            throw ImapTokenizer.Error("VANISHED needs UID FETCH and CHANGEDSINCE (RFC 7162 §3.2.6)");
        return new FetchCommand(tag, uid, set, items, changedSince, vanished);
    }

    // fetch-att = "ENVELOPE" / "FLAGS" / "INTERNALDATE" / "RFC822.SIZE" / "RFC822" ["." ("HEADER" / "TEXT")] /
    // "BODY" ["STRUCTURE"] / "UID" / "BODY" section [partial] / "BODY.PEEK" section [partial] /
    // "BINARY" [".PEEK"] section-binary [partial] / "BINARY.SIZE" section-binary (RFC 9051 §9) /
    // "MODSEQ" (RFC 7162 §7) / "EMAILID" / "THREADID" (RFC 8474 §7)
    private FetchItem ReadFetchAtt()
    {
        ReadOnlySpan<byte> rest = _t.Rest;
        int n = 0;
        while (n < rest.Length && (char.IsAsciiLetterOrDigit((char)rest[n]) || rest[n] == (byte)'.'))
            n++;
        if (n == 0)
            throw ImapTokenizer.Error($"Expected a FETCH item, got {_t.Describe()}");
        string name = System.Text.Encoding.ASCII.GetString(rest[..n]).ToUpperInvariant();
        _t.Advance(n);
        switch (name)
        {
            case "ENVELOPE": return new FetchAttributeItem(FetchAttribute.Envelope);
            case "FLAGS": return new FetchAttributeItem(FetchAttribute.Flags);
            case "INTERNALDATE": return new FetchAttributeItem(FetchAttribute.InternalDate);
            case "RFC822.SIZE": return new FetchAttributeItem(FetchAttribute.Rfc822Size);
            case "RFC822": return new FetchAttributeItem(FetchAttribute.Rfc822);
            case "RFC822.HEADER": return new FetchAttributeItem(FetchAttribute.Rfc822Header);
            case "RFC822.TEXT": return new FetchAttributeItem(FetchAttribute.Rfc822Text);
            case "BODYSTRUCTURE": return new FetchAttributeItem(FetchAttribute.BodyStructure);
            case "UID": return new FetchAttributeItem(FetchAttribute.Uid);
            case "MODSEQ": return new FetchAttributeItem(FetchAttribute.ModSeq);
            case "EMAILID": return new FetchAttributeItem(FetchAttribute.EmailId);
            case "THREADID": return new FetchAttributeItem(FetchAttribute.ThreadId);
            case "BODY":
                if (_t.Peek() != '[')
                    return new FetchAttributeItem(FetchAttribute.Body);
                return new BodySectionItem(ReadSection(), false, ReadPartial());
            case "BODY.PEEK":
                return new BodySectionItem(ReadSection(), true, ReadPartial());
            case "BINARY":
                return new BinarySectionItem(ReadBinarySection(), false, ReadPartial());
            case "BINARY.PEEK":
                return new BinarySectionItem(ReadBinarySection(), true, ReadPartial());
            case "BINARY.SIZE":
                return new BinarySizeItem(ReadBinarySection());
            default:
                throw ImapTokenizer.Error($"Unknown FETCH item {name}");
        }
    }

    // section = "[" [section-spec] "]"; section-spec = section-msgtext / (section-part ["." section-text]);
    // section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT";
    // section-part = nz-number *("." nz-number); section-text = section-msgtext / "MIME" (RFC 9051 §9)
    private ImapBodySection ReadSection()
    {
        _t.Expect((byte)'[', "[");
        if (_t.TryConsume((byte)']'))
            return ImapBodySection.Whole;
        var part = new List<uint>();
        var text = BodySectionText.None;
        IReadOnlyList<string> fields = [];
        if (_t.PeekDigit())
        {
            part.Add(_t.ReadNzNumber());
            while (_t.TryConsume((byte)'.'))
            {
                if (!_t.PeekDigit())
                {
                    text = ReadSectionText(allowMime: true, out fields);
                    break;
                }
                part.Add(_t.ReadNzNumber());
            }
        }
        else
        {
            text = ReadSectionText(allowMime: false, out fields);
        }
        _t.Expect((byte)']', "]");
        return new ImapBodySection(part, text, fields);
    }

    private BodySectionText ReadSectionText(bool allowMime, out IReadOnlyList<string> fields)
    {
        fields = [];
        ReadOnlySpan<byte> rest = _t.Rest;
        int n = 0;
        while (n < rest.Length && (char.IsAsciiLetter((char)rest[n]) || rest[n] == (byte)'.'))
            n++;
        string name = System.Text.Encoding.ASCII.GetString(rest[..n]).ToUpperInvariant();
        _t.Advance(n);
        switch (name)
        {
            case "HEADER": return BodySectionText.Header;
            case "TEXT": return BodySectionText.Text;
            case "MIME" when allowMime: return BodySectionText.Mime;
            case "HEADER.FIELDS":
                fields = ReadHeaderList();
                return BodySectionText.HeaderFields;
            case "HEADER.FIELDS.NOT":
                fields = ReadHeaderList();
                return BodySectionText.HeaderFieldsNot;
            default:
                throw ImapTokenizer.Error($"Invalid body section {(name.Length == 0 ? _t.Describe() : name)}");
        }
    }

    // header-list = "(" header-fld-name *(SP header-fld-name) ")"; header-fld-name = astring
    private List<string> ReadHeaderList()
    {
        _t.ExpectSpace();
        _t.Expect((byte)'(', "(");
        var fields = new List<string>();
        do
            fields.Add(_t.ReadAString());
        while (_t.TryConsumeSpace());
        _t.Expect((byte)')', ")");
        return fields;
    }

    // section-binary = "[" [section-part] "]" (RFC 9051 §9)
    private List<uint> ReadBinarySection()
    {
        _t.Expect((byte)'[', "[");
        var part = new List<uint>();
        if (!_t.TryConsume((byte)']'))
        {
            do
                part.Add(_t.ReadNzNumber());
            while (_t.TryConsume((byte)'.'));
            _t.Expect((byte)']', "]");
        }
        return part;
    }

    // partial = "<" number64 "." nz-number64 ">" (RFC 9051 §9)
    private ImapPartial? ReadPartial()
    {
        if (!_t.TryConsume((byte)'<'))
            return null;
        ulong offset = _t.ReadNumber64();
        _t.Expect((byte)'.', ".");
        ulong length = _t.ReadNumber64();
        if (length == 0)
            throw ImapTokenizer.Error("A partial length must be non-zero");
        _t.Expect((byte)'>', ">");
        return new ImapPartial(offset, length);
    }
}
