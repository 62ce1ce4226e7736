using System.Text;
using System.Text.Unicode;

namespace Wren.Imap.Protocol;

internal ref partial struct ImapCommandParser
{
    private string SpaceMailbox()
    {
        _t.ExpectSpace();
        return ReadMailbox();
    }

    // mailbox = "INBOX" / astring (RFC 9051 §9)
    private string ReadMailbox() => DecodeMailbox(_t.ReadAStringBytes());

    private readonly string DecodeMailbox(ReadOnlySpan<byte> raw)
    {
        string name;
        if (_options.Utf8MailboxNames)
        {
            // RFC 6855 §3 / RFC 9051 §5.1: UTF-8 as is.
            if (!Ascii.IsValid(raw) && !Utf8.IsValid(raw))
                throw new ImapParseException(ImapErrorKind.InvalidMailboxName, "Mailbox name is not valid UTF-8");
            name = Encoding.UTF8.GetString(raw);
        }
        else
        {
            // RFC 3501 §5.1.3: modified UTF-7.
            name = ModifiedUtf7.Decode(raw);
        }
        return NormalizeInbox(name);
    }

    /// <summary>
    /// RFC 9051 §5.1: INBOX is case-insensitive, so are "INBOX/" and the names under it (the hierarchy
    /// delimiter is '/'); every spelling becomes "INBOX".
    /// </summary>
    public static string NormalizeInbox(string name)
    {
        if (name.Length < 5 || !name.StartsWith("INBOX", StringComparison.OrdinalIgnoreCase))
            return name;
        if (name.Length == 5)
            return "INBOX";
        return name[5] == '/' ? string.Concat("INBOX", name.AsSpan(5)) : name;
    }

    // A LIST/LSUB reference or pattern is decoded leniently: a name that is not valid modified UTF-7 is
    // taken as sent, and simply matches nothing (imaptest "atoms": LIST with such a pattern is OK).
    private readonly string DecodeListName(ReadOnlySpan<byte> raw)
    {
        if (!_options.Utf8MailboxNames && ModifiedUtf7.TryDecode(raw, out string decoded))
            return decoded;
        return Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : Encoding.Latin1.GetString(raw);
    }

    // list-mailbox = 1*list-char / string (RFC 9051 §9)
    private string ReadListMailbox()
    {
        int c = _t.Peek();
        if (c == '"' || c == '{')
            return DecodeListName(_t.ReadStringBytes());
        ReadOnlySpan<byte> rest = _t.Rest;
        int n = 0;
        while (n < rest.Length && ImapChars.IsListChar(rest[n], allow8Bit: true))
            n++;
        if (n == 0)
            throw ImapTokenizer.Error($"Expected a mailbox pattern, got {_t.Describe()}");
        ReadOnlySpan<byte> raw = rest[..n];
        _t.Advance(n);
        return DecodeListName(raw);
    }

    // select/examine = ("SELECT" / "EXAMINE") SP mailbox [select-params] (RFC 9051 §9, RFC 4466 §2.1);
    // select-param = "CONDSTORE" (RFC 7162 §7) / "QRESYNC" SP "(" uidvalidity SP mod-sequence-value
    // [SP known-uids] [SP seq-match-data] ")" (RFC 7162 §7)
    private SelectCommand ParseSelect(string tag, bool readOnly)
    {
        string mailbox = SpaceMailbox();
        bool condStore = false;
        QResyncParameters? qresync = null;
        if (_t.TryConsumeSpace())
        {
            _t.Expect((byte)'(', "( before SELECT parameters");
            if (!_t.TryConsume((byte)')'))
            {
                do
                {
                    string name = _t.ReadKeyword("a SELECT parameter");
                    switch (name)
                    {
                        case "CONDSTORE":
                            condStore = true;
                            break;
                        case "QRESYNC":
                            _t.ExpectSpace();
                            qresync = ParseQResync();
                            break;
                        default:
                            throw ImapTokenizer.Error($"Unknown SELECT parameter {name}");
                    }
                }
                while (_t.TryConsumeSpace());
                _t.Expect((byte)')', ")");
            }
        }
        return new SelectCommand(tag, mailbox, readOnly, condStore, qresync);
    }

    private QResyncParameters ParseQResync()
    {
        _t.Expect((byte)'(', "(");
        uint uidValidity = _t.ReadNzNumber();
        _t.ExpectSpace();
        ulong modSeq = _t.ReadNumber64();
        ImapSequenceSet? knownUids = null;
        ImapSequenceSet? seqs = null;
        ImapSequenceSet? uids = null;
        if (_t.TryConsumeSpace())
        {
            if (_t.Peek() != '(')
            {
                knownUids = _t.ReadSequenceSet();
                if (!_t.TryConsumeSpace())
                    goto End;
            }
            // seq-match-data = "(" known-sequence-set SP known-uid-set ")"
            _t.Expect((byte)'(', "(");
            seqs = _t.ReadSequenceSet();
            _t.ExpectSpace();
            uids = _t.ReadSequenceSet();
            _t.Expect((byte)')', ")");
        }
    End:
        _t.Expect((byte)')', ")");
        return new QResyncParameters(uidValidity, modSeq, knownUids, seqs, uids);
    }

    // create = "CREATE" SP mailbox [create-params] (RFC 4466 §2.2);
    // create-param =/ "USE" SP "(" [use-attr *(SP use-attr)] ")" (RFC 6154 §6)
    private CreateCommand ParseCreate(string tag)
    {
        string mailbox = SpaceMailbox();
        var uses = new List<string>();
        if (_t.TryConsumeSpace())
        {
            _t.Expect((byte)'(', "( before CREATE parameters");
            do
            {
                string name = _t.ReadKeyword("a CREATE parameter");
                if (name != "USE")
                    throw ImapTokenizer.Error($"Unknown CREATE parameter {name}");
                _t.ExpectSpace();
                _t.Expect((byte)'(', "(");
                if (!_t.TryConsume((byte)')'))
                {
                    do
                        uses.Add(ReadFlag());
                    while (_t.TryConsumeSpace());
                    _t.Expect((byte)')', ")");
                }
            }
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
        }
        return new CreateCommand(tag, mailbox, uses);
    }

    // list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts] (RFC 9051 §9, RFC 5258 §6)
    private ListCommand ParseList(string tag)
    {
        _t.ExpectSpace();
        var selection = ListSelectOptions.None;
        bool extended = false;
        if (_t.TryConsume((byte)'('))
        {
            extended = true;
            if (!_t.TryConsume((byte)')'))
            {
                do
                {
                    string option = _t.ReadKeyword("a LIST selection option");
                    selection |= option switch
                    {
                        "SUBSCRIBED" => ListSelectOptions.Subscribed,
                        "REMOTE" => ListSelectOptions.Remote,
                        "RECURSIVEMATCH" => ListSelectOptions.RecursiveMatch,
                        "SPECIAL-USE" => ListSelectOptions.SpecialUse,
                        _ => throw ImapTokenizer.Error($"Unknown LIST selection option {option}"),
                    };
                }
                while (_t.TryConsumeSpace());
                _t.Expect((byte)')', ")");
            }
            // RFC 5258 §3.1: RECURSIVEMATCH needs another option that is not REMOTE.
            if ((selection & ListSelectOptions.RecursiveMatch) != 0
                && (selection & ~(ListSelectOptions.RecursiveMatch | ListSelectOptions.Remote)) == 0)
                throw ImapTokenizer.Error("RECURSIVEMATCH needs another selection option (RFC 5258 §3.1)");
            _t.ExpectSpace();
        }
        string reference = DecodeListName(_t.ReadAStringBytes());
        _t.ExpectSpace();
        var patterns = new List<string>();
        if (_t.TryConsume((byte)'('))
        {
            extended = true;
            do
                patterns.Add(ReadListMailbox());
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
        }
        else
        {
            patterns.Add(ReadListMailbox());
        }
        var returns = ListReturnOptions.None;
        IReadOnlyList<StatusItem> statusItems = [];
        if (_t.TryConsumeSpace())
        {
            if (!_t.TryConsumeWord("RETURN"u8))
                throw ImapTokenizer.Error($"Expected RETURN, got {_t.Describe()}");
            extended = true;
            _t.ExpectSpace();
            _t.Expect((byte)'(', "(");
            if (!_t.TryConsume((byte)')'))
            {
                do
                {
                    string option = _t.ReadKeyword("a LIST return option");
                    switch (option)
                    {
                        case "SUBSCRIBED": returns |= ListReturnOptions.Subscribed; break;
                        case "CHILDREN": returns |= ListReturnOptions.Children; break;
                        case "SPECIAL-USE": returns |= ListReturnOptions.SpecialUse; break;
                        case "STATUS":
                            // RFC 5819 §6: "STATUS" SP "(" status-att *(SP status-att) ")"
                            returns |= ListReturnOptions.Status;
                            _t.ExpectSpace();
                            statusItems = ReadStatusItems();
                            break;
                        default:
                            throw ImapTokenizer.Error($"Unknown LIST return option {option}");
                    }
                }
                while (_t.TryConsumeSpace());
                _t.Expect((byte)')', ")");
            }
        }
        return new ListCommand(tag, reference, patterns, selection, returns, statusItems, extended);
    }

    // lsub = "LSUB" SP mailbox SP list-mailbox (RFC 3501 §9)
    private LsubCommand ParseLsub(string tag)
    {
        _t.ExpectSpace();
        string reference = DecodeListName(_t.ReadAStringBytes());
        _t.ExpectSpace();
        return new LsubCommand(tag, reference, ReadListMailbox());
    }

    // status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")" (RFC 9051 §9)
    private StatusCommand ParseStatus(string tag)
    {
        string mailbox = SpaceMailbox();
        _t.ExpectSpace();
        return new StatusCommand(tag, mailbox, ReadStatusItems());
    }

    private List<StatusItem> ReadStatusItems()
    {
        _t.Expect((byte)'(', "(");
        var items = new List<StatusItem>();
        do
        {
            string name = _t.ReadKeyword("a STATUS item");
            items.Add(name switch
            {
                "MESSAGES" => StatusItem.Messages,
                "RECENT" => StatusItem.Recent,
                "UIDNEXT" => StatusItem.UidNext,
                "UIDVALIDITY" => StatusItem.UidValidity,
                "UNSEEN" => StatusItem.Unseen,
                "DELETED" => StatusItem.Deleted,
                "SIZE" => StatusItem.Size,
                "HIGHESTMODSEQ" => StatusItem.HighestModSeq,
                "APPENDLIMIT" => StatusItem.AppendLimit,
                "MAILBOXID" => StatusItem.MailboxId,
                "DELETED-STORAGE" => StatusItem.DeletedStorage,
                _ => throw ImapTokenizer.Error($"Unknown STATUS item {name}"),
            });
        }
        while (_t.TryConsumeSpace());
        _t.Expect((byte)')', ")");
        return items;
    }

    // flag = "\Answered" / "\Flagged" / "\Deleted" / "\Seen" / "\Draft" / flag-keyword / flag-extension;
    // flag-extension = "\" atom (RFC 9051 §9). System flags are case-insensitive; they come out in RFC spelling.
    private string ReadFlag()
    {
        bool system = _t.TryConsume((byte)'\\');
        string atom = _t.ReadAtom("a flag");
        if (!system)
            return atom;
        return atom.ToUpperInvariant() switch
        {
            "ANSWERED" => "\\Answered",
            "FLAGGED" => "\\Flagged",
            "DELETED" => "\\Deleted",
            "SEEN" => "\\Seen",
            "DRAFT" => "\\Draft",
            "RECENT" => "\\Recent",
            _ => "\\" + atom,
        };
    }

    // flag-list = "(" [flag *(SP flag)] ")"
    private List<string> ReadFlagList()
    {
        _t.Expect((byte)'(', "(");
        var flags = new List<string>();
        if (_t.TryConsume((byte)')'))
            return flags;
        do
            flags.Add(ReadFlag());
        while (_t.TryConsumeSpace());
        _t.Expect((byte)')', ")");
        return flags;
    }
}
