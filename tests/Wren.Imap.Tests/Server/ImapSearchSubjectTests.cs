using System.Text;

namespace Wren.Imap.Tests.Server;

/// <summary>SUBJECT and HEADER Subject answered from the Subject the store decoded at commit, and from the header when it cannot.</summary>
public sealed class ImapSearchSubjectTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task Stored_subjects_decoded_words_long_subjects_and_messages_without_one()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("=?UTF-8?Q?Kumquat_caf=C3=A9?="));
        // Longer than the store keeps: the end is only in the header itself.
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message(new string('x', 1200) + " kumquat-at-the-end"));
        await ImapMailboxData.AppendAsync(fixture, box.Name,
            Encoding.ASCII.GetBytes("From: bob@example.test\r\nDate: Thu, 03 Dec 2026 08:00:00 +0000\r\n\r\nno subject kumquat\r\n"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("a", $"SELECT {box.Name}");

        Assert.Equal(["* SEARCH 1 2", "b OK SEARCH completed"], await c.CommandAsync("b", "SEARCH SUBJECT kumquat"));
        Assert.Equal(["* SEARCH 1", "c OK SEARCH completed"], await c.CommandAsync("c", "SEARCH CHARSET UTF-8 HEADER subject \"CAFÉ\""));
        Assert.Equal(["* SEARCH 2", "d OK SEARCH completed"], await c.CommandAsync("d", "SEARCH SUBJECT kumquat-at-the-end"));
        Assert.Equal(["* SEARCH 1 2", "e OK SEARCH completed"], await c.CommandAsync("e", "SEARCH HEADER Subject \"\""));
        Assert.Equal(["* SEARCH 3", "f OK SEARCH completed"], await c.CommandAsync("f", "SEARCH NOT HEADER Subject \"\""));
        Assert.Equal(["* SEARCH 1", "g OK SEARCH completed"], await c.CommandAsync("g", "SEARCH OR SUBJECT café FROM nobody"));
    }
}
