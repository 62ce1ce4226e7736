namespace Wren.Imap.Tests.Server;

/// <summary>COMPRESS=DEFLATE (RFC 4978).</summary>
public sealed class ImapCompressTests(ImapStoreFixture fixture) : IClassFixture<ImapStoreFixture>
{
    [Fact]
    public async Task After_deflate_is_active_commands_and_responses_are_compressed()
    {
        var box = await ImapMailboxData.NewMailboxAsync(fixture);
        await ImapMailboxData.AppendAsync(fixture, box.Name, ImapMailboxData.Message("one"));
        await using var server = new ImapTestServer(fixture);
        await using var c = await server.LoginAsync();
        Assert.Equal(["a OK DEFLATE active"], await c.CommandAsync("a", "COMPRESS DEFLATE"));
        c.StartDeflate();
        var select = await c.CommandAsync("b", $"SELECT {box.Name}");
        Assert.Contains("* 1 EXISTS", select);
        Assert.Equal(["c NO [COMPRESSIONACTIVE] DEFLATE is active already"], await c.CommandAsync("c", "COMPRESS DEFLATE"));
        Assert.Equal(["* BYE Logging out", "d OK LOGOUT completed"], await c.CommandAsync("d", "LOGOUT"));
    }

    [Fact]
    public async Task Unknown_algorithms_are_bad_and_compress_needs_login()
    {
        await using var server = new ImapTestServer(fixture);
        await using (var anonymous = await server.ConnectAsync(implicitTls: true))
            Assert.Equal(["a BAD COMPRESS needs authentication first: use LOGIN or AUTHENTICATE"], await anonymous.CommandAsync("a", "COMPRESS DEFLATE"));
        await using var c = await server.LoginAsync();
        Assert.Equal(["b BAD Unknown compression algorithm LZ4"], await c.CommandAsync("b", "COMPRESS LZ4"));
        Assert.Equal(["c OK NOOP completed"], await c.CommandAsync("c", "NOOP"));
    }
}
