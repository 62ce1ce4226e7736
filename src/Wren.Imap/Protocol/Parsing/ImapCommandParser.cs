using System.Text;

namespace Wren.Imap.Protocol;

/// <summary>
/// Turns one complete command in wire form (lines ending in CRLF, literal octets inline after their
/// <c>{n}</c> CRLF) into an <see cref="ImapCommand"/> (grammar of RFC 9051 §9 and of the extensions each
/// method cites). Throws only <see cref="ImapParseException"/>. The reader feeds it; tests may call it directly.
/// </summary>
internal ref partial struct ImapCommandParser
{
    private ImapTokenizer _t;
    private readonly ImapParseOptions _options;
    private Encoding? _charset;
    private int _depth;

    private ImapCommandParser(ReadOnlySpan<byte> command, ImapParseOptions options)
    {
        _t = new ImapTokenizer(command);
        _options = options;
        _charset = null;
        _depth = 0;
    }

    /// <summary>Parses a complete command.</summary>
    public static ImapCommand Parse(ReadOnlySpan<byte> command, ImapParseOptions? options = null)
    {
        var parser = new ImapCommandParser(command, options ?? ImapParseOptions.Default);
        return parser.ParseCommand();
    }

    /// <summary>The tag at the start of a command line, or null when there is none.</summary>
    public static string? TryReadTag(ReadOnlySpan<byte> line)
    {
        int n = 0;
        while (n < line.Length && n < 256 && ImapChars.IsTagChar(line[n]))
            n++;
        if (n == 0 || n == 256)
            return null;
        return Encoding.ASCII.GetString(line[..n]);
    }

    // command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF (RFC 9051 §9)
    private ImapCommand ParseCommand()
    {
        string tag = _t.ReadTag();
        _t.ExpectSpace();
        string name = _t.ReadKeyword("a command name");
        ImapCommand command = name switch
        {
            "CAPABILITY" => new CapabilityCommand(tag),
            "NOOP" => new NoopCommand(tag),
            "LOGOUT" => new LogoutCommand(tag),
            "STARTTLS" => new StartTlsCommand(tag),
            "NAMESPACE" => new NamespaceCommand(tag),
            "IDLE" => new IdleCommand(tag),
            "CLOSE" => new CloseCommand(tag),
            "CHECK" => new CheckCommand(tag),
            "UNSELECT" => new UnselectCommand(tag),
            "EXPUNGE" => new ExpungeCommand(tag),
            "AUTHENTICATE" => ParseAuthenticate(tag),
            "LOGIN" => ParseLogin(tag),
            "ENABLE" => ParseEnable(tag),
            "SELECT" => ParseSelect(tag, readOnly: false),
            "EXAMINE" => ParseSelect(tag, readOnly: true),
            "CREATE" => ParseCreate(tag),
            "DELETE" => new DeleteCommand(tag, SpaceMailbox()),
            "RENAME" => new RenameCommand(tag, SpaceMailbox(), SpaceMailbox()),
            "SUBSCRIBE" => new SubscribeCommand(tag, SpaceMailbox()),
            "UNSUBSCRIBE" => new UnsubscribeCommand(tag, SpaceMailbox()),
            "LIST" => ParseList(tag),
            "LSUB" => ParseLsub(tag),
            "STATUS" => ParseStatus(tag),
            "APPEND" => ParseAppend(tag),
            "SEARCH" => ParseSearch(tag, uid: false),
            "FETCH" => ParseFetch(tag, uid: false),
            "STORE" => ParseStore(tag, uid: false),
            "COPY" => new CopyCommand(tag, false, SpaceSequenceSet(), SpaceMailbox()),
            "MOVE" => new MoveCommand(tag, false, SpaceSequenceSet(), SpaceMailbox()),
            "SORT" => ParseSort(tag, uid: false),
            "THREAD" => ParseThread(tag, uid: false),
            "UID" => ParseUid(tag),
            "ID" => ParseId(tag),
            "GETQUOTA" => new GetQuotaCommand(tag, SpaceAString()),
            "GETQUOTAROOT" => new GetQuotaRootCommand(tag, SpaceMailbox()),
            "SETQUOTA" => ParseSetQuota(tag),
            "COMPRESS" => ParseCompress(tag),
            _ => new UnknownCommand(tag, name),
        };
        if (command is not UnknownCommand)
            _t.ExpectEnd();
        return command;
    }

    // uid = "UID" SP (copy / move / fetch / search / store / uid-expunge) (RFC 9051 §9); SORT and THREAD (RFC 5256 §4)
    private ImapCommand ParseUid(string tag)
    {
        _t.ExpectSpace();
        string name = _t.ReadKeyword("a UID command");
        return name switch
        {
            "FETCH" => ParseFetch(tag, uid: true),
            "STORE" => ParseStore(tag, uid: true),
            "SEARCH" => ParseSearch(tag, uid: true),
            "COPY" => new CopyCommand(tag, true, SpaceSequenceSet(), SpaceMailbox()),
            "MOVE" => new MoveCommand(tag, true, SpaceSequenceSet(), SpaceMailbox()),
            "EXPUNGE" => new UidExpungeCommand(tag, SpaceSequenceSet()),
            "SORT" => ParseSort(tag, uid: true),
            "THREAD" => ParseThread(tag, uid: true),
            _ => new UnknownCommand(tag, "UID " + name),
        };
    }

    // authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]; initial-resp = (base64 / "=") (RFC 9051 §9, RFC 4959 §7)
    private AuthenticateCommand ParseAuthenticate(string tag)
    {
        _t.ExpectSpace();
        string mechanism = _t.ReadKeyword("a SASL mechanism");
        byte[]? initial = null;
        if (_t.TryConsumeSpace())
        {
            ReadOnlySpan<byte> text = _t.ReadAtomSpan("an initial response");
            initial = text.SequenceEqual("="u8) ? [] : ImapTokenizer.DecodeBase64(text);
        }
        return new AuthenticateCommand(tag, mechanism, initial);
    }

    // login = "LOGIN" SP userid SP password; both astring (RFC 9051 §9)
    private LoginCommand ParseLogin(string tag) => new(tag, SpaceAString(), SpaceAString());

    // enable = "ENABLE" 1*(SP capability) (RFC 5161 §4)
    private EnableCommand ParseEnable(string tag)
    {
        var capabilities = new List<string>();
        _t.ExpectSpace();
        do
            capabilities.Add(_t.ReadKeyword("a capability"));
        while (_t.TryConsumeSpace());
        return new EnableCommand(tag, capabilities);
    }

    // id = "ID" SP id-params-list; id-params-list = "(" #(string SP nstring) ")" / nil (RFC 2971 §4)
    private IdCommand ParseId(string tag)
    {
        _t.ExpectSpace();
        if (_t.TryConsumeWord("NIL"u8))
            return new IdCommand(tag, null);
        _t.Expect((byte)'(', "( or NIL");
        var pairs = new List<KeyValuePair<string, string?>>();
        if (!_t.TryConsume((byte)')'))
        {
            do
            {
                string field = _t.ReadString();
                _t.ExpectSpace();
                pairs.Add(new(field, _t.ReadNString()));
            }
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
        }
        return new IdCommand(tag, pairs);
    }

    // setquota = "SETQUOTA" SP quota-root-name SP setquota-list;
    // setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")"; setquota-resource = resource-name SP resource-limit (RFC 9208 §9)
    private SetQuotaCommand ParseSetQuota(string tag)
    {
        string root = SpaceAString();
        _t.ExpectSpace();
        _t.Expect((byte)'(', "(");
        var limits = new List<QuotaLimit>();
        if (!_t.TryConsume((byte)')'))
        {
            do
            {
                string resource = _t.ReadKeyword("a resource name");
                _t.ExpectSpace();
                limits.Add(new QuotaLimit(resource, _t.ReadNumber64()));
            }
            while (_t.TryConsumeSpace());
            _t.Expect((byte)')', ")");
        }
        return new SetQuotaCommand(tag, root, limits);
    }

    // compress = "COMPRESS" SP algorithm (RFC 4978 §4)
    private CompressCommand ParseCompress(string tag)
    {
        _t.ExpectSpace();
        return new CompressCommand(tag, _t.ReadKeyword("a compression algorithm"));
    }

    private string SpaceAString()
    {
        _t.ExpectSpace();
        return _t.ReadAString();
    }

    private ImapSequenceSet SpaceSequenceSet()
    {
        _t.ExpectSpace();
        return _t.ReadSequenceSet();
    }

    private void EnterNesting()
    {
        if (++_depth > _options.Limits.MaxNestingDepth)
            throw new ImapParseException(ImapErrorKind.NestingTooDeep, "Too deeply nested");
    }

    private void LeaveNesting() => _depth--;
}
