using System.Text;
using Wren.Imap.Server.Search;

namespace Wren.Imap.Tests.Server;

/// <summary>The streaming text match behind BODY and TEXT (Search/TextSearch.cs), and decoding of undeclared 8-bit text.</summary>
public sealed class ImapSearchTextTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Theory]
    [InlineData(16 * 1024 - 3)] // the needle straddles the first chunk boundary
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 - 6)]
    [InlineData(3 * 16 * 1024 + 5)]
    public async Task Matches_across_chunk_boundaries_without_case(int before)
    {
        string text = new string('a', before) + "NeEdLe" + new string('b', 100);
        Assert.True(await TextSearch.ContainsAsync(new StringReader(text), "needle", CancellationToken.None));
        Assert.False(await TextSearch.ContainsAsync(new StringReader(text), "needles", CancellationToken.None));
    }

    [Fact]
    public void Undeclared_8bit_reads_as_latin1_where_it_is_not_utf8()
    {
        byte[] bytes = [.. "Gr"u8, 0xFC, 0xDF, .. "e caf"u8, 0xC3, 0xA9];
        Assert.Equal("Grüße café", Latin1Fallback.Utf8OrLatin1.GetString(bytes));
    }

    [Fact]
    public async Task Text_after_a_large_attachment_is_found_and_undeclared_latin1_too()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture, "big");
        var attachment = new StringBuilder();
        string line = Convert.ToBase64String(new byte[57]);
        for (int i = 0; i < 100_000; i++) // about 7.8 MB of base64
            attachment.Append(line).Append("\r\n");
        byte[] big = Encoding.ASCII.GetBytes(
            "From: a@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" + attachment +
            "--b\r\nContent-Type: text/plain\r\n\r\nthe needle at the very end\r\n--b--\r\n");
        await ImapSearchData.AppendAsync(fixture, box.Name, big, DateTimeOffset.UtcNow);
        byte[] latin1 = [.. "From: b@example.org\r\nSubject: old\r\n\r\nViele Gr"u8, 0xFC, 0xDF, .. "e\r\n"u8];
        await ImapSearchData.AppendAsync(fixture, box.Name, latin1, DateTimeOffset.UtcNow);

        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", "SELECT " + box.Name);
        Assert.Equal(["* SEARCH 1", "a OK SEARCH completed"], await c.CommandAsync("a", "SEARCH BODY \"needle at the very\""));
        Assert.Equal(["* SEARCH 2", "b OK SEARCH completed"], await c.CommandAsync("b", "SEARCH CHARSET UTF-8 BODY {6+}\r\ngrüß"));
        Assert.Equal(["* SEARCH", "c OK SEARCH completed"], await c.CommandAsync("c", "SEARCH BODY AAAAAAAA"));
    }

    [Fact]
    public async Task A_garbled_stored_summary_is_rebuilt()
    {
        Assert.Null(Wren.Imap.Server.StoredSummary.Decode("not base64!"));
        Assert.Null(Wren.Imap.Server.StoredSummary.Decode(Convert.ToBase64String([1, 2, 3, 4, 5])));
        Assert.Null(Wren.Imap.Server.StoredSummary.Decode(null));

        var box = await ImapMailboxData.NewMailboxAsync(fixture, "garbled");
        var user = await ImapMailboxData.UserAsync(fixture);
        var appended = await ImapSearchData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("repaired subject"), DateTimeOffset.UtcNow);
        await fixture.Store.Mailboxes.SetSummaryAsync(user.Id, appended.MessageId, "garbage");
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        await c.CommandAsync("s", "SELECT " + box.Name);
        // FROM needs the header, found through the summary (SUBJECT would be answered from the stored Subject).
        Assert.Equal(["* SEARCH 1", "a OK SEARCH completed"], await c.CommandAsync("a", "SEARCH FROM bob"));
        Assert.NotNull(Wren.Imap.Server.StoredSummary.Decode(await fixture.Store.Mailboxes.GetSummaryAsync(user.Id, appended.MessageId)));
    }
}
