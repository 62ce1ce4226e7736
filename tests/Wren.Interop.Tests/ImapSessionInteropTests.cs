using System.Text.Json;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// Whole IMAP sessions with real clients on a real <c>wren serve</c>: two MailKit clients on one mailbox, each
/// seeing the other's flags and expunges; Python's imaplib through a basic read-flag-delete session.
/// </summary>
public sealed class ImapSessionInteropTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WrenServerProcess Server => fixture.Server;

    [Fact]
    public async Task Two_clients_on_one_mailbox_see_each_others_flags_and_expunges()
    {
        string user = await Server.NewUserAsync("two");
        await Server.DeliverAsync(user, Pop3Messages.Create("first"), Pop3Messages.Create("second"), Pop3Messages.Create("third"));
        using var one = await ImapLogin.LoginAsync(Server, user);
        using var two = await ImapLogin.LoginAsync(Server, user);
        await one.Inbox.OpenAsync(FolderAccess.ReadWrite);
        await two.Inbox.OpenAsync(FolderAccess.ReadWrite);
        Assert.Equal(3, two.Inbox.Count);

        var flagged = new List<int>();
        var expunged = new List<int>();
        two.Inbox.MessageFlagsChanged += (_, e) => flagged.Add(e.Index);
        two.Inbox.MessageExpunged += (_, e) => expunged.Add(e.Index);

        await one.Inbox.AddFlagsAsync(0, MessageFlags.Flagged, silent: true);
        await one.Inbox.AddFlagsAsync(1, MessageFlags.Deleted, silent: true);
        await one.Inbox.ExpungeAsync();
        Assert.Equal(2, one.Inbox.Count);

        await two.NoOpAsync();
        Assert.Contains(0, flagged);
        Assert.Equal([1], expunged);
        Assert.Equal(2, two.Inbox.Count);
        var summaries = await two.Inbox.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.Envelope | MessageSummaryItems.UniqueId);
        Assert.Equal(["first", "third"], summaries.Select(s => s.Envelope!.Subject));
        Assert.True(summaries[0].Flags!.Value.HasFlag(MessageFlags.Flagged));

        // And the other way round, while the first client idles.
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var pushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        one.Inbox.MessageFlagsChanged += (_, _) =>
        {
            pushed.TrySetResult();
            done.Cancel();
        };
        Task idle = one.IdleAsync(done.Token);
        await two.Inbox.AddFlagsAsync(summaries[1].UniqueId, MessageFlags.Seen, silent: true);
        await idle;
        Assert.True(pushed.Task.IsCompleted, "the flag change was not pushed during IDLE");
        var seen = await one.Inbox.SearchAsync(SearchQuery.Seen);
        Assert.Equal([summaries[1].UniqueId], seen);
        await one.DisconnectAsync(true);
        await two.DisconnectAsync(true);
    }

    private const string ImaplibSession = """
        import imaplib, json, ssl, sys

        host, port, user, password = sys.argv[1:5]
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
        imap.login(user, password)
        out = {}
        typ, data = imap.select("INBOX")
        out["select"] = [typ, data[0].decode()]
        typ, data = imap.search(None, "ALL")
        out["all"] = data[0].decode()
        typ, data = imap.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)] FLAGS)")
        out["subject"] = data[0][1].decode().strip()
        typ, data = imap.store("1", "+FLAGS", "\\Seen")
        out["store"] = data[0].decode()
        typ, data = imap.search(None, "UNSEEN")
        out["unseen"] = data[0].decode()
        imap.store("2", "+FLAGS", "\\Deleted")
        typ, data = imap.expunge()
        out["expunge"] = [d.decode() for d in data if d]
        typ, data = imap.create("Projects")
        out["create"] = typ
        typ, data = imap.copy("1", "Projects")
        out["copy"] = [typ, data[0].decode()]
        typ, data = imap.list()
        out["list"] = [d.decode() for d in data]
        typ, data = imap.status("Projects", "(MESSAGES UNSEEN)")
        out["status"] = data[0].decode()
        imap.close()
        imap.logout()
        print(json.dumps(out))
        """;

    [Fact]
    public async Task Python_imaplib_reads_flags_deletes_copies_and_lists()
    {
        string user = await Server.NewUserAsync("imaplib");
        await Server.DeliverAsync(user, Pop3Messages.Create("hello imaplib"), Pop3Messages.Create("to delete"), Pop3Messages.Create("third"));
        var result = await ExternalProcess.RunAsync("python3",
            ["-c", ImaplibSession, Server.Imaps.Address.ToString(), Server.Imaps.Port.ToString(), user, WrenServerProcess.Password]);
        Assert.True(result.ExitCode == 0, result.All);
        JsonElement out_ = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.Equal("OK", out_.GetProperty("select")[0].GetString());
        Assert.Equal("3", out_.GetProperty("select")[1].GetString());
        Assert.Equal("1 2 3", out_.GetProperty("all").GetString());
        Assert.Equal("Subject: hello imaplib", out_.GetProperty("subject").GetString());
        Assert.Contains("\\Seen", out_.GetProperty("store").GetString());
        Assert.Equal("2 3", out_.GetProperty("unseen").GetString());
        Assert.Equal(["2"], out_.GetProperty("expunge").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("OK", out_.GetProperty("create").GetString());
        Assert.Contains("COPYUID", out_.GetProperty("copy")[1].GetString());
        Assert.Contains(out_.GetProperty("list").EnumerateArray(), e => e.GetString()!.EndsWith("\"/\" \"Projects\""));
        Assert.Contains("MESSAGES 1", out_.GetProperty("status").GetString());
    }
}
