using Wren.Imap.Server.Mailboxes;

namespace Wren.Imap.Tests.Server;

/// <summary>LIST pattern matching (RFC 9051 §6.3.9): "*", "%", the reference, INBOX in any case.</summary>
public sealed class ImapMailboxPatternTests
{
    [Theory]
    [InlineData("", "*", "a/b/c", true)]
    [InlineData("", "%", "a/b", false)]
    [InlineData("", "%", "a", true)]
    [InlineData("", "a/%", "a/b", true)]
    [InlineData("", "a/%", "a/b/c", false)]
    [InlineData("", "a/%/%", "a/b/c", true)]
    [InlineData("", "a*c", "a/b/c", true)]
    [InlineData("", "a%c", "a/b/c", false)]
    [InlineData("", "%t*4", "test3/test4", true)]
    [InlineData("a/", "%", "a/b", true)]
    [InlineData("a/", "/b", "a/b", true)]
    [InlineData("a", "b", "ab", true)]
    [InlineData("", "Box", "box", false)]
    [InlineData("", "inbox", "INBOX", true)]
    [InlineData("", "InBox/%", "INBOX/Sub", true)]
    [InlineData("", "inbox/sub", "INBOX/Sub", false)]
    [InlineData("", "inb*", "INBOX", true)]
    [InlineData("", "inboxes", "INBOXES", false)]
    [InlineData("", "**%%*", "x/y", true)]
    [InlineData("", "%%", "x/y", false)]
    [InlineData("", "", "", true)]
    [InlineData("", "a", "", false)]
    public void Matches(string reference, string pattern, string name, bool expected) =>
        Assert.Equal(expected, MailboxPattern.Create(reference, pattern).Matches(name));

    [Fact]
    public void A_long_hostile_pattern_neither_recurses_nor_takes_long()
    {
        string wild = string.Concat(Enumerable.Repeat("*a%", 20000));
        string name = new('a', 200);
        Assert.False(MailboxPattern.Create("", wild + "b").Matches(name));
        Assert.True(MailboxPattern.Create("", string.Concat(Enumerable.Repeat("*%", 30000))).Matches(name));
    }
}
