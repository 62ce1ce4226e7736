using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;
using Wren.Interop.Tests.Infrastructure;

namespace Wren.Interop.Tests;

/// <summary>
/// The IMAP mailbox commands against MailKit on a real <c>wren serve</c>: folders (CREATE-SPECIAL-USE,
/// LIST-EXTENDED, LIST-STATUS, RENAME, DELETE, SUBSCRIBE), STATUS, APPEND (APPENDUID, 10 MB), QUOTA with the
/// server's Quota:* settings and <c>wren user quota</c>.
/// </summary>
public class ImapMailboxInteropTests(ImapMailboxInteropTests.Fixture fixture) : IClassFixture<ImapMailboxInteropTests.Fixture>
{
    /// <summary>A server with a default quota of 1 GiB and 100000 messages.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public WrenServerProcess Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await WrenServerProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["WREN__QUOTA__STORAGE"] = "1G",
            ["WREN__QUOTA__MESSAGES"] = "100000",
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    private WrenServerProcess Server => fixture.Server;

    private static MimeMessage Message(string subject, string body = "Hello.") => new()
    {
        From = { new MailboxAddress("Bob", "bob@example.test") },
        To = { new MailboxAddress("Alice", "alice@example.test") },
        Subject = subject,
        Body = new TextPart("plain") { Text = body },
    };

    [Fact]
    public async Task Mailkit_creates_lists_renames_subscribes_and_deletes_folders()
    {
        string user = await Server.NewUserAsync("imapbox");
        using var client = await ImapLogin.LoginAsync(Server, user);
        IMailFolder root = client.GetFolder(client.PersonalNamespaces[0])!;

        IMailFolder projects = (await root.CreateAsync("Projects", isMessageFolder: true))!;
        IMailFolder wren = (await projects.CreateAsync("Wren", isMessageFolder: true))!;
        IMailFolder drafts = (await root.CreateAsync("Entwürfe", SpecialFolder.Drafts))!;
        Assert.Equal("Entwürfe", drafts.FullName);

        var all = await client.GetFoldersAsync(client.PersonalNamespaces[0], StatusItems.Count | StatusItems.UidNext);
        IMailFolder listed = Assert.Single(all, f => f.FullName == "Projects/Wren");
        Assert.Equal(0, listed.Count);
        Assert.True(Assert.Single(all, f => f.FullName == "Projects").Attributes.HasFlag(FolderAttributes.HasChildren));
        Assert.True(Assert.Single(all, f => f.FullName == "Entwürfe").Attributes.HasFlag(FolderAttributes.Drafts));
        Assert.Contains(all, f => f.FullName == "INBOX");

        await wren.SubscribeAsync();
        var subscribed = await client.GetFoldersAsync(client.PersonalNamespaces[0], StatusItems.None, subscribedOnly: true);
        Assert.Contains(subscribed, f => f.FullName == "Projects/Wren");
        Assert.DoesNotContain(subscribed, f => f.FullName == "Projects");

        await projects.RenameAsync(root, "Work");
        var renamed = await client.GetFoldersAsync(client.PersonalNamespaces[0]);
        Assert.Contains(renamed, f => f.FullName == "Work/Wren");
        Assert.DoesNotContain(renamed, f => f.FullName.StartsWith("Projects", StringComparison.Ordinal));

        IMailFolder work = await client.GetFolderAsync("Work");
        await work.DeleteAsync();
        var afterDelete = await client.GetFoldersAsync(client.PersonalNamespaces[0]);
        Assert.Contains(afterDelete, f => f.FullName == "Work/Wren");

        var missing = await Assert.ThrowsAsync<FolderNotFoundException>(() => client.GetFolderAsync("No/Such/Folder"));
        Assert.Equal("No/Such/Folder", missing.FolderName);
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Mailkit_appends_with_flags_and_gets_the_uid_and_status()
    {
        string user = await Server.NewUserAsync("imapbox");
        using var client = await ImapLogin.LoginAsync(Server, user);
        IMailFolder root = client.GetFolder(client.PersonalNamespaces[0])!;
        IMailFolder folder = (await root.CreateAsync("Appended", isMessageFolder: true))!;

        UniqueId? first = await folder.AppendAsync(Message("first"), MessageFlags.Seen);
        UniqueId? second = await folder.AppendAsync(Message("second"), MessageFlags.Flagged, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        Assert.Equal(1u, first?.Id);
        Assert.Equal(2u, second?.Id);

        await folder.StatusAsync(StatusItems.Count | StatusItems.Unread | StatusItems.UidNext | StatusItems.UidValidity | StatusItems.Size
            | StatusItems.MailboxId | StatusItems.HighestModSeq);
        Assert.Equal(2, folder.Count);
        Assert.Equal(1, folder.Unread);
        Assert.Equal(3u, folder.UidNext?.Id);
        Assert.Equal(first?.Validity, folder.UidValidity);
        Assert.True(folder.Size > 0);
        Assert.False(string.IsNullOrEmpty(folder.Id));

        // A folder deleted meanwhile: APPEND is NO [TRYCREATE], which MailKit reports as FolderNotFoundException.
        IMailFolder gone = (await root.CreateAsync("Gone", isMessageFolder: true))!;
        await gone.DeleteAsync();
        await Assert.ThrowsAsync<FolderNotFoundException>(() => gone.AppendAsync(Message("lost")));
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Mailkit_appends_10_mb()
    {
        string user = await Server.NewUserAsync("imapbox");
        using var client = await ImapLogin.LoginAsync(Server, user);
        var body = new StringBuilder(10 * 1024 * 1024 + 2048);
        while (body.Length < 10 * 1024 * 1024)
            body.Append(new string('z', 998)).Append("\r\n");
        UniqueId? uid = await client.Inbox.AppendAsync(Message("ten megabytes", body.ToString()));
        Assert.NotNull(uid);

        var mail = await Server.ReadMailAsync(user);
        Assert.True(Assert.Single(mail).Bytes.Length > 10 * 1024 * 1024);
        await client.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Quota_from_the_configuration_and_wren_user_quota()
    {
        string user = await Server.NewUserAsync("imapbox");
        using var client = await ImapLogin.LoginAsync(Server, user);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Quota));
        FolderQuota quota = await client.Inbox.GetQuotaAsync();
        Assert.Equal(1024u * 1024, quota.StorageLimit);
        Assert.Equal(100000u, quota.MessageLimit);
        Assert.Equal(0u, quota.CurrentMessageCount);

        using var cli = new WrenCli();
        var result = await cli.RunRawAsync(["user", "quota", user, "--storage", "1K", "--messages", "5", "--data", Server.DataDirectory]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("in 0 messages; limits (own): 1 KiB, 5 messages", result.StandardOutput);

        quota = await client.Inbox.GetQuotaAsync();
        Assert.Equal(1u, quota.StorageLimit);
        Assert.Equal(5u, quota.MessageLimit);
        var refused = await Assert.ThrowsAsync<ImapCommandException>(() => client.Inbox.AppendAsync(Message("too big", new string('q', 4000))));
        Assert.Contains("quota", refused.ResponseText, StringComparison.OrdinalIgnoreCase);

        // The CLI reads the server's defaults from the configuration, as wren serve does.
        var serverConfig = new Dictionary<string, string> { ["WREN__QUOTA__STORAGE"] = "1G", ["WREN__QUOTA__MESSAGES"] = "100000" };
        result = await cli.RunRawAsync(["user", "quota", user, "--default", "--data", Server.DataDirectory], environment: serverConfig);
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("limits: the server's (Quota:Storage 1 GiB, Quota:Messages 100000)", result.StandardOutput);
        result = await cli.RunRawAsync(["user", "quota", user, "--messages", "7", "--data", Server.DataDirectory], environment: serverConfig);
        Assert.Contains("limits (own): 1 GiB, 7 messages", result.StandardOutput);
        result = await cli.RunRawAsync(["user", "quota", user, "--default", "--data", Server.DataDirectory], environment: serverConfig);
        Assert.NotNull(await client.Inbox.AppendAsync(Message("fits again", new string('q', 4000))));

        result = await cli.RunRawAsync(["user", "quota", user, "--storage", "lots", "--data", Server.DataDirectory]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not a size", result.StandardError);
        await client.DisconnectAsync(quit: true);
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("500M", 500L * 1024 * 1024)]
    [InlineData("2g", 2L * 1024 * 1024 * 1024)]
    [InlineData("1.5GiB", 1536L * 1024 * 1024)]
    [InlineData(" 10 KB ", 10240L)]
    [InlineData("7B", 7L)]
    public void Quota_storage_sizes_take_binary_units(string text, long bytes) =>
        Assert.Equal(bytes, Wren.Server.Configuration.QuotaSettings.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-5M")]
    [InlineData("5X")]
    [InlineData("99999999999T")]
    public void Quota_storage_rejects_what_is_not_a_size(string text) =>
        Assert.Throws<FormatException>(() => Wren.Server.Configuration.QuotaSettings.ParseSize(text));

    [Theory]
    [InlineData("Quota:Storage=lots", "Quota:Storage: 'lots' is not a size")]
    [InlineData("Quota:Messages=-1", "Quota:Messages must be 0 or more")]
    public async Task Bad_quota_settings_stop_the_server_before_it_listens(string setting, string message)
    {
        using var cli = new WrenCli();
        var result = await cli.RunRawAsync(["serve", "--data", cli.DataDirectory, "--smtp", "127.0.0.1:0", "--set", setting]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("wren serve: bad configuration: " + message, result.StandardError);
        Assert.DoesNotContain("wren: ready", result.StandardOutput);
    }
}
