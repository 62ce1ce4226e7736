using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// A full two-way sync with isync's mbsync (installed by .ci/run) over IMAPS: mail goes down into a Maildir,
/// local changes (a flag, a deletion, a new message, a new folder) go up, and the server shows them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MbsyncTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("wren-mbsync-").FullName;

    private WrenServerProcess Server => fixture.Server;

    private string Maildir => Path.Combine(_home, "mail");

    [Fact]
    public async Task Mbsync_syncs_down_then_local_changes_up()
    {
        Assert.True(ExternalProcess.IsInstalled("mbsync"), "mbsync is not installed (.ci/run installs isync with apt)");
        string user = await Server.NewUserAsync("mbsync");
        await Server.DeliverAsync(user, Pop3Messages.Create("sync-1"), Pop3Messages.Create("sync-2", 3, 100_000), Pop3Messages.Create("sync-3"));
        string config = WriteConfiguration(user);

        // Down: three messages into the local INBOX.
        var first = await SyncAsync(config);
        Assert.True(first.ExitCode == 0, first.StandardOutput + first.StandardError);
        string[] local = LocalMessages("INBOX");
        Assert.Equal(3, local.Length);

        // Local changes: one read, one deleted (Maildir flags S and T), one new message, one new folder.
        string seen = local.Single(f => File.ReadAllText(f).Contains("Subject: sync-1"));
        string deleted = local.Single(f => File.ReadAllText(f).Contains("Subject: sync-3"));
        File.Move(seen, WithFlags(seen, "S"));
        File.Move(deleted, WithFlags(deleted, "T"));
        WriteLocalMessage("INBOX", "written-locally");
        Directory.CreateDirectory(Path.Combine(Maildir, "Projects"));
        WriteLocalMessage("Projects", "project-plan");

        // Up.
        var second = await SyncAsync(config);
        Assert.True(second.ExitCode == 0, second.StandardOutput + second.StandardError);

        using var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(Server.Imaps.Address.ToString(), Server.Imaps.Port, SecureSocketOptions.SslOnConnect);
        await client.AuthenticateAsync(user, WrenServerProcess.Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var inbox = await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope | MessageSummaryItems.Flags);
        Assert.Equal(["sync-1", "sync-2", "written-locally"], inbox.Select(m => m.Envelope!.Subject).Order());
        Assert.True(inbox.Single(m => m.Envelope!.Subject == "sync-1").Flags!.Value.HasFlag(MessageFlags.Seen));
        Assert.False(inbox.Single(m => m.Envelope!.Subject == "sync-2").Flags!.Value.HasFlag(MessageFlags.Seen));
        var projects = await client.GetFolderAsync("Projects");
        await projects.OpenAsync(FolderAccess.ReadOnly);
        Assert.Single(await projects.SearchAsync(SearchQuery.SubjectContains("project-plan")));
        await client.DisconnectAsync(true);

        // And a third run has nothing left to do: both sides agree.
        var third = await SyncAsync(config);
        Assert.True(third.ExitCode == 0, third.StandardOutput + third.StandardError);
        Assert.Equal(3, LocalMessages("INBOX").Length);
    }

    private string WriteConfiguration(string user)
    {
        string certificate = Path.Combine(Server.DataDirectory, "tls", "self-signed.crt.pem");
        Directory.CreateDirectory(Maildir);
        string path = Path.Combine(_home, "mbsyncrc");
        File.WriteAllText(path, $"""
            IMAPAccount wren
            Host {Server.Imaps.Address}
            Port {Server.Imaps.Port}
            User {user}
            Pass "{WrenServerProcess.Password}"
            SSLType IMAPS
            CertificateFile {certificate}

            IMAPStore wren-remote
            Account wren

            MaildirStore local
            Path {Maildir}/
            Inbox {Maildir}/INBOX
            SubFolders Verbatim

            Channel everything
            Far :wren-remote:
            Near :local:
            Patterns *
            Create Both
            Expunge Both
            SyncState *
            """);
        return path;
    }

    private Task<ExternalProcess.Result> SyncAsync(string config) =>
        ExternalProcess.RunAsync("mbsync", ["-c", config, "-a"], timeout: TimeSpan.FromMinutes(2));

    private string[] LocalMessages(string folder) =>
        new[] { "new", "cur" }.SelectMany(sub => Directory.GetFiles(Path.Combine(Maildir, folder, sub))).ToArray();

    // Maildir info: ":2," then the flags in ASCII order.
    private static string WithFlags(string file, string flag)
    {
        string name = Path.GetFileName(file);
        int info = name.IndexOf(":2,", StringComparison.Ordinal);
        string flags = info < 0 ? flag : new string((name[(info + 3)..] + flag).Distinct().Order().ToArray());
        string bare = info < 0 ? name : name[..info];
        return Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(file))!, "cur", bare + ":2," + flags);
    }

    private void WriteLocalMessage(string folder, string subject)
    {
        foreach (string sub in new[] { "new", "cur", "tmp" })
            Directory.CreateDirectory(Path.Combine(Maildir, folder, sub));
        File.WriteAllBytes(Path.Combine(Maildir, folder, "new", $"{Guid.NewGuid():N}.local"), Pop3Messages.Create(subject));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
