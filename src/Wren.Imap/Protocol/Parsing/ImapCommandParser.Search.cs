using System.Text;

namespace Wren.Imap.Protocol;

internal ref partial struct ImapCommandParser
{
    // search = "SEARCH" [search-return-opts] SP search-program (RFC 9051 §9);
    // search-program = ["CHARSET" SP charset SP] search-key *(SP search-key)
    private SearchCommand ParseSearch(string tag, bool uid)
    {
        _t.ExpectSpace();
        SearchReturnOptions? returns = null;
        if (_t.TryConsumeWord("RETURN"u8))
        {
            _t.ExpectSpace();
            returns = ReadSearchReturnOptions();
            _t.ExpectSpace();
        }
        string? charset = null;
        if (_t.TryConsumeWord("CHARSET"u8))
        {
            _t.ExpectSpace();
            charset = ReadCharset();
            _t.ExpectSpace();
        }
        return new SearchCommand(tag, uid, charset, ReadSearchKeys(), returns);
    }

    // sort = ["UID" SP] "SORT" [search-return-opts] SP sort-criteria SP search-criteria (RFC 5256 §4, RFC 5267 §3.2);
    // sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"; sort-criterion = ["REVERSE" SP] sort-key;
    // search-criteria = charset 1*(SP search-key)
    private SortCommand ParseSort(string tag, bool uid)
    {
        _t.ExpectSpace();
        SearchReturnOptions? returns = null;
        if (_t.TryConsumeWord("RETURN"u8))
        {
            _t.ExpectSpace();
            returns = ReadSearchReturnOptions();
            _t.ExpectSpace();
        }
        _t.Expect((byte)'(', "( before sort criteria");
        var criteria = new List<SortCriterion>();
        do
        {
            bool reverse = false;
            string key = _t.ReadKeyword("a sort key");
            if (key == "REVERSE")
            {
                reverse = true;
                _t.ExpectSpace();
                key = _t.ReadKeyword("a sort key");
            }
            criteria.Add(new SortCriterion(key switch
            {
                "ARRIVAL" => SortKey.Arrival,
                "CC" => SortKey.Cc,
                "DATE" => SortKey.Date,
                "FROM" => SortKey.From,
                "SIZE" => SortKey.Size,
                "SUBJECT" => SortKey.Subject,
                "TO" => SortKey.To,
                "DISPLAYFROM" => SortKey.DisplayFrom,
                "DISPLAYTO" => SortKey.DisplayTo,
                _ => throw ImapTokenizer.Error($"Unknown sort key {key}"),
            }, reverse));
        }
        while (_t.TryConsumeSpace());
        _t.Expect((byte)')', ")");
        _t.ExpectSpace();
        string charset = ReadCharset();
        _t.ExpectSpace();
        return new SortCommand(tag, uid, criteria, charset, ReadSearchKeys(), returns);
    }

    // thread = ["UID" SP] "THREAD" SP thread-alg SP search-criteria (RFC 5256 §4)
    private ThreadCommand ParseThread(string tag, bool uid)
    {
        _t.ExpectSpace();
        string name = _t.ReadKeyword("a threading algorithm");
        ThreadAlgorithm algorithm = name switch
        {
            "ORDEREDSUBJECT" => ThreadAlgorithm.OrderedSubject,
            "REFERENCES" => ThreadAlgorithm.References,
            _ => throw ImapTokenizer.Error($"Unsupported threading algorithm {name}"),
        };
        _t.ExpectSpace();
        string charset = ReadCharset();
        _t.ExpectSpace();
        return new ThreadCommand(tag, uid, algorithm, charset, ReadSearchKeys());
    }

    // search-return-opts = SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")" (RFC 4731 §7)
    private SearchReturnOptions ReadSearchReturnOptions()
    {
        _t.Expect((byte)'(', "(");
        var options = SearchReturnOptions.None;
        if (!_t.TryConsume((byte)')'))
        {
            do
            {
                string name = _t.ReadKeyword("a RETURN option");
                options |= name switch
                {
                    "MIN" => SearchReturnOptions.Min,
                    "MAX" => SearchReturnOptions.Max,
                    "ALL" => SearchReturnOptions.All,
                    "COUNT" => SearchReturnOptions.Count,
                    "SAVE" => SearchReturnOptions.Save,
                    _ => throw ImapTokenizer.Error($"Unknown RETURN option {name}"),
                };
            }
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
        }
        // RFC 4731 §3.1: RETURN () is RETURN (ALL).
        return options == SearchReturnOptions.None ? SearchReturnOptions.All : options;
    }

    // charset = atom / quoted (RFC 9051 §9). Strings that follow are decoded from it; one .NET cannot decode
    // is NO [BADCHARSET] (RFC 9051 §6.4.4).
    private string ReadCharset()
    {
        string name = _t.Peek() == '"' ? ImapTokenizer.DecodeUtf8(_t.ReadQuotedBytes()) : _t.ReadAtom("a charset");
        if (!CharsetDecoder.TryFind(name, out _charset))
            throw new ImapParseException(ImapErrorKind.BadCharset, $"Unsupported charset {name}");
        return name.ToUpperInvariant();
    }

    private SearchKey ReadSearchKeys()
    {
        var keys = new List<SearchKey>();
        do
            keys.Add(ReadSearchKey());
        while (_t.TryConsumeSpace());
        return keys.Count == 1 ? keys[0] : new AndSearchKey(keys);
    }

    private string ReadSearchString()
    {
        ReadOnlySpan<byte> raw = _t.ReadAStringBytes();
        return _charset is null ? ImapTokenizer.DecodeUtf8(raw) : CharsetDecoder.Decode(_charset, raw);
    }

    private DateOnly ReadSearchDate()
    {
        // date = date-text / DQUOTE date-text DQUOTE
        ReadOnlySpan<byte> text = _t.Peek() == '"' ? _t.ReadQuotedBytes() : _t.ReadAtomSpan("a date");
        if (!ImapDates.TryParseDate(text, out DateOnly date))
            throw ImapTokenizer.Error("Invalid date: " + Encoding.ASCII.GetString(text));
        return date;
    }

    // search-key (RFC 9051 §9; RFC 3501 §9 for NEW/OLD/RECENT; MODSEQ RFC 7162 §7; OLDER/YOUNGER RFC 5032 §4;
    // EMAILID/THREADID RFC 8474 §7)
    private SearchKey ReadSearchKey()
    {
        EnterNesting();
        try
        {
            if (_t.TryConsume((byte)'('))
            {
                SearchKey inner = ReadSearchKeys();
                _t.Expect((byte)')', ")");
                return inner;
            }
            if (_t.PeekSequenceSet())
                return new SequenceSetSearchKey(_t.ReadSequenceSet(), false);
            string name = _t.ReadKeyword("a search key");
            switch (name)
            {
                case "ALL": return AllSearchKey.Instance;
                case "ANSWERED": return new FlagSearchKey("\\Answered", true);
                case "UNANSWERED": return new FlagSearchKey("\\Answered", false);
                case "DELETED": return new FlagSearchKey("\\Deleted", true);
                case "UNDELETED": return new FlagSearchKey("\\Deleted", false);
                case "DRAFT": return new FlagSearchKey("\\Draft", true);
                case "UNDRAFT": return new FlagSearchKey("\\Draft", false);
                case "FLAGGED": return new FlagSearchKey("\\Flagged", true);
                case "UNFLAGGED": return new FlagSearchKey("\\Flagged", false);
                case "SEEN": return new FlagSearchKey("\\Seen", true);
                case "UNSEEN": return new FlagSearchKey("\\Seen", false);
                case "RECENT": return new FlagSearchKey("\\Recent", true);
                case "OLD": return new FlagSearchKey("\\Recent", false);
                case "NEW": return new AndSearchKey([new FlagSearchKey("\\Recent", true), new FlagSearchKey("\\Seen", false)]);
                case "KEYWORD": return new FlagSearchKey(SpaceAtom("a keyword"), true);
                case "UNKEYWORD": return new FlagSearchKey(SpaceAtom("a keyword"), false);
                case "BCC": return new HeaderSearchKey("Bcc", SpaceSearchString());
                case "CC": return new HeaderSearchKey("Cc", SpaceSearchString());
                case "FROM": return new HeaderSearchKey("From", SpaceSearchString());
                case "TO": return new HeaderSearchKey("To", SpaceSearchString());
                case "SUBJECT": return new HeaderSearchKey("Subject", SpaceSearchString());
                case "HEADER":
                    string field = SpaceSearchString();
                    return new HeaderSearchKey(field, SpaceSearchString());
                case "BODY": return new TextSearchKey(TextSearchScope.Body, SpaceSearchString());
                case "TEXT": return new TextSearchKey(TextSearchScope.Text, SpaceSearchString());
                case "BEFORE": return Date(SearchDateField.Internal, SearchDateComparison.Before);
                case "ON": return Date(SearchDateField.Internal, SearchDateComparison.On);
                case "SINCE": return Date(SearchDateField.Internal, SearchDateComparison.Since);
                case "SENTBEFORE": return Date(SearchDateField.Sent, SearchDateComparison.Before);
                case "SENTON": return Date(SearchDateField.Sent, SearchDateComparison.On);
                case "SENTSINCE": return Date(SearchDateField.Sent, SearchDateComparison.Since);
                case "LARGER":
                    _t.ExpectSpace();
                    return new SizeSearchKey(true, _t.ReadNumber64());
                case "SMALLER":
                    _t.ExpectSpace();
                    return new SizeSearchKey(false, _t.ReadNumber64());
                case "UID":
                    return new SequenceSetSearchKey(SpaceSequenceSet(), true);
                case "NOT":
                    _t.ExpectSpace();
                    return new NotSearchKey(ReadSearchKey());
                case "OR":
                    _t.ExpectSpace();
                    SearchKey left = ReadSearchKey();
                    _t.ExpectSpace();
                    return new OrSearchKey(left, ReadSearchKey());
                case "MODSEQ": return ReadModSeqKey();
                case "OLDER":
                    _t.ExpectSpace();
                    return new AgeSearchKey(true, _t.ReadNzNumber());
                case "YOUNGER":
                    _t.ExpectSpace();
                    return new AgeSearchKey(false, _t.ReadNzNumber());
                case "EMAILID": return new ObjectIdSearchKey(false, SpaceObjectId());
                case "THREADID": return new ObjectIdSearchKey(true, SpaceObjectId());
                default:
                    throw ImapTokenizer.Error($"Unknown search key {name}");
            }
        }
        finally
        {
            LeaveNesting();
        }
    }

    private DateSearchKey Date(SearchDateField field, SearchDateComparison comparison)
    {
        _t.ExpectSpace();
        return new DateSearchKey(field, comparison, ReadSearchDate());
    }

    private string SpaceSearchString()
    {
        _t.ExpectSpace();
        return ReadSearchString();
    }

    private string SpaceAtom(string what)
    {
        _t.ExpectSpace();
        return _t.ReadAtom(what);
    }

    // objectid = 1*255(ALPHA / DIGIT / "_" / "-") (RFC 8474 §7)
    private string SpaceObjectId()
    {
        string id = SpaceAtom("an object id");
        if (id.Length > 255 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw ImapTokenizer.Error("Invalid object id");
        return id;
    }

    // search-modsequence = "MODSEQ" [search-modseq-ext] SP mod-sequence-valzer;
    // search-modseq-ext = SP entry-name SP entry-type-req; entry-type-req = "priv" / "shared" / "all" (RFC 7162 §7)
    private ModSeqSearchKey ReadModSeqKey()
    {
        _t.ExpectSpace();
        string? entry = null;
        string? type = null;
        if (_t.Peek() == '"')
        {
            entry = ImapTokenizer.DecodeUtf8(_t.ReadQuotedBytes());
            _t.ExpectSpace();
            type = _t.ReadAtom("an entry type").ToLowerInvariant();
            if (type is not ("priv" or "shared" or "all"))
                throw ImapTokenizer.Error("Entry type must be priv, shared or all");
            _t.ExpectSpace();
        }
        return new ModSeqSearchKey(_t.ReadNumber64(), entry, type);
    }
}
