using Wren.Imap.Protocol;
using static Wren.Imap.Tests.Protocol.Wire;

namespace Wren.Imap.Tests.Protocol;

public class BasicCommandParserTests
{
    [Theory]
    [InlineData("a CAPABILITY", typeof(CapabilityCommand))]
    [InlineData("a noop", typeof(NoopCommand))]
    [InlineData("a LogOut", typeof(LogoutCommand))]
    [InlineData("a STARTTLS", typeof(StartTlsCommand))]
    [InlineData("a NAMESPACE", typeof(NamespaceCommand))]
    [InlineData("a IDLE", typeof(IdleCommand))]
    [InlineData("a CLOSE", typeof(CloseCommand))]
    [InlineData("a check", typeof(CheckCommand))]
    [InlineData("a UNSELECT", typeof(UnselectCommand))]
    [InlineData("a EXPUNGE", typeof(ExpungeCommand))]
    public void Commands_without_arguments(string line, Type type)
    {
        ImapCommand command = Parse(line);
        Assert.IsType(type, command);
        Assert.Equal("a", command.Tag);
    }

    [Theory]
    [InlineData("a NOOP x")]
    [InlineData("a CAPABILITY ")]
    [InlineData("a LOGOUT\t")]
    [InlineData("a IDLE now")]
    public void Commands_without_arguments_refuse_arguments(string line) => ParseError(line);

    [Theory]
    [InlineData("A0001 NOOP", "A0001")]
    [InlineData("tag.with-odd:chars NOOP", "tag.with-odd:chars")]
    [InlineData("a]b NOOP", "a]b")]
    public void Tags(string line, string tag) => Assert.Equal(tag, Parse(line).Tag);

    [Theory]
    [InlineData("+a NOOP")]
    [InlineData("a+b NOOP")]
    [InlineData("(a NOOP")]
    [InlineData("a{ NOOP")]
    [InlineData("\"a\" NOOP")]
    [InlineData("a*b NOOP")]
    [InlineData("a%b NOOP")]
    [InlineData(" NOOP")]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a ")]
    [InlineData("a  NOOP")]
    public void Bad_tags_and_missing_commands(string line) => ParseError(line);

    [Fact]
    public void Unknown_command_is_a_typed_result()
    {
        var command = Parse<UnknownCommand>("x1 XFOO bar (baz");
        Assert.Equal("XFOO", command.CommandName);
        Assert.Equal("XFOO", command.Name);
        Assert.Equal("UID XFOO", Parse<UnknownCommand>("x UID xfoo 1").Name);
    }

    [Fact]
    public void Login_with_atoms_quoted_and_literals()
    {
        var login = Parse<LoginCommand>("a LOGIN alice \"pass \\\"word\\\\\"");
        Assert.Equal("alice", login.UserName);
        Assert.Equal("pass \"word\\", login.Password);
        var literal = (LoginCommand)ImapCommandParser.Parse(Bytes("a LOGIN {5}\r\nalice {3}\r\nx y\r\n"));
        Assert.Equal("alice", literal.UserName);
        Assert.Equal("x y", literal.Password);
        Assert.Equal("jürgen", Parse<LoginCommand>("a LOGIN \"jürgen\" x").UserName);
    }

    [Theory]
    [InlineData("a LOGIN alice")]
    [InlineData("a LOGIN")]
    [InlineData("a LOGIN alice pass extra")]
    [InlineData("a LOGIN \"alice pass")]
    [InlineData("a LOGIN \"al\\ice\" pass")]
    [InlineData("a LOGIN (alice) pass")]
    public void Login_malformed(string line) => ParseError(line);

    [Fact]
    public void Quoted_string_with_invalid_utf8_is_refused()
    {
        byte[] bytes = [.. Bytes("a LOGIN \""), 0xFF, 0xFE, .. Bytes("\" x\r\n")];
        Assert.Throws<ImapParseException>(() => ImapCommandParser.Parse(bytes));
    }

    [Fact]
    public void Authenticate_with_and_without_initial_response()
    {
        var plain = Parse<AuthenticateCommand>("a AUTHENTICATE plain");
        Assert.Equal("PLAIN", plain.Mechanism);
        Assert.Null(plain.InitialResponse);
        var withIr = Parse<AuthenticateCommand>("a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==");
        Assert.Equal("\0alice\0secret"u8.ToArray(), withIr.InitialResponse);
        var empty = Parse<AuthenticateCommand>("a AUTHENTICATE EXTERNAL =");
        Assert.Empty(empty.InitialResponse!);
    }

    [Theory]
    [InlineData("a AUTHENTICATE")]
    [InlineData("a AUTHENTICATE PLAIN !!!")]
    [InlineData("a AUTHENTICATE PLAIN AGFsaWNl=AHNl")]
    [InlineData("a AUTHENTICATE PLAIN abc def")]
    [InlineData("a AUTHENTICATE \"PLAIN\"")]
    public void Authenticate_malformed(string line) => ParseError(line);

    [Fact]
    public void Enable()
    {
        var enable = Parse<EnableCommand>("a ENABLE condstore UTF8=ACCEPT IMAP4rev2");
        Assert.Equal(["CONDSTORE", "UTF8=ACCEPT", "IMAP4REV2"], enable.Capabilities);
        ParseError("a ENABLE");
        ParseError("a ENABLE (CONDSTORE)");
    }

    [Fact]
    public void Id()
    {
        var id = Parse<IdCommand>("a ID (\"name\" \"Thunderbird\" \"version\" NIL)");
        Assert.Equal(2, id.Parameters!.Count);
        Assert.Equal("Thunderbird", id.Parameters[0].Value);
        Assert.Null(id.Parameters[1].Value);
        Assert.Null(Parse<IdCommand>("a ID NIL").Parameters);
        Assert.Empty(Parse<IdCommand>("a ID ()").Parameters!);
        ParseError("a ID");
        ParseError("a ID (\"name\")");
        ParseError("a ID (\"name\" \"x\"");
        ParseError("a ID name");
    }

    [Fact]
    public void Quota_commands()
    {
        Assert.Equal("", Parse<GetQuotaCommand>("a GETQUOTA \"\"").Root);
        Assert.Equal("INBOX", Parse<GetQuotaRootCommand>("a GETQUOTAROOT inbox").Mailbox);
        var set = Parse<SetQuotaCommand>("a SETQUOTA \"\" (STORAGE 512 message 1000)");
        Assert.Equal([new QuotaLimit("STORAGE", 512), new QuotaLimit("MESSAGE", 1000)], set.Limits);
        Assert.Empty(Parse<SetQuotaCommand>("a SETQUOTA root ()").Limits);
        ParseError("a SETQUOTA root");
        ParseError("a SETQUOTA root (STORAGE)");
        ParseError("a SETQUOTA root (STORAGE -1)");
        ParseError("a GETQUOTA");
    }

    [Fact]
    public void Compress()
    {
        Assert.Equal("DEFLATE", Parse<CompressCommand>("a COMPRESS deflate").Algorithm);
        ParseError("a COMPRESS");
        ParseError("a COMPRESS DEFLATE X");
    }
}
