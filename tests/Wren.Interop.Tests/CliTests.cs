using Wren.Interop.Tests.Infrastructure;
using Wren.Net.Sasl;
using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Sqlite;
using Xunit;

namespace Wren.Interop.Tests;

/// <summary>The <c>wren</c> administration commands, run as real processes on a temp data folder.</summary>
public sealed class CliTests : IDisposable
{
    private readonly WrenCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Domain_add_list_delete()
    {
        AssertSuccess(await _cli.RunAsync(["domain", "add", "Example.TEST"]), "Added domain example.test.");
        AssertSuccess(await _cli.RunAsync(["domain", "add", "b\u00fccher.example"]), "Added domain xn--bcher-kva.example.");

        var list = await _cli.RunAsync(["domain", "list"]);
        Assert.Equal(0, list.ExitCode);
        Assert.Equal(["example.test", "xn--bcher-kva.example"], Lines(list.StandardOutput));

        AssertFailure(await _cli.RunAsync(["domain", "add", "example.test"]), "already exists");

        AssertSuccess(await _cli.RunAsync(["domain", "delete", "example.test"]), "Deleted domain example.test.");
        Assert.Equal(["xn--bcher-kva.example"], Lines((await _cli.RunAsync(["domain", "list"])).StandardOutput));
        AssertFailure(await _cli.RunAsync(["domain", "delete", "example.test"]), "no such domain");
    }

    [Fact]
    public async Task User_add_reads_the_password_from_stdin_and_a_duplicate_is_an_error()
    {
        await _cli.RunAsync(["domain", "add", "example.test"]);

        AssertSuccess(await _cli.RunAsync(["user", "add", "Alice@Example.test", "--password-stdin"], "s3cret pass\n"), "Added user alice@example.test.");
        AssertFailure(await _cli.RunAsync(["user", "add", "alice@example.test", "--password-stdin"], "other\n"), "already exists");

        var list = await _cli.RunAsync(["user", "list"]);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("alice@example.test", list.StandardOutput);

        // The store keeps SCRAM keys of exactly the line given (no newline), never the password.
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
        {
            UserCredential credential = (await store.Accounts.GetCredentialAsync("alice@example.test"))!;
            var keys = new ScramKeys(credential.Salt, credential.Iterations, credential.StoredKey, credential.ServerKey);
            Assert.True(ScramKeyDerivation.Verify(keys, "s3cret pass"));
        }

        AssertSuccess(await _cli.RunAsync(["user", "passwd", "alice@example.test", "--password-stdin"], "changed\n"), "Changed the password");
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
        {
            UserCredential credential = (await store.Accounts.GetCredentialAsync("alice@example.test"))!;
            var keys = new ScramKeys(credential.Salt, credential.Iterations, credential.StoredKey, credential.ServerKey);
            Assert.True(ScramKeyDerivation.Verify(keys, "changed"));
        }
    }

    [Fact]
    public async Task User_add_fails_for_an_unknown_domain_a_bad_address_or_no_password()
    {
        AssertFailure(await _cli.RunAsync(["user", "add", "alice@nowhere.test", "--password-stdin"], "pw\n"), "not a local domain");
        AssertFailure(await _cli.RunAsync(["user", "add", "not-an-address", "--password-stdin"], "pw\n"), "not a valid email address");
        AssertFailure(await _cli.RunAsync(["domain", "add", "bad..domain"]), "not a valid domain name");

        await _cli.RunAsync(["domain", "add", "example.test"]);
        AssertFailure(await _cli.RunAsync(["user", "add", "bob@example.test", "--password-stdin"], ""), "no password");
        // Without --password-stdin and without a terminal there is nobody to prompt.
        AssertFailure(await _cli.RunAsync(["user", "add", "bob@example.test"], "pw\n"), "--password-stdin");
    }

    [Theory]
    [InlineData("user", "add")]
    [InlineData("domain", "frobnicate")]
    [InlineData("domain", "list", "--bogus")]
    [InlineData("mail", "show", "alice@example.test", "not-a-number")]
    public async Task Usage_errors_exit_2(params string[] arguments)
    {
        var result = await _cli.RunAsync(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("wren: ", result.StandardError);
    }

    [Fact]
    public async Task Alias_and_catch_all_are_listed_and_deleted()
    {
        await _cli.RunAsync(["domain", "add", "example.test"]);
        await _cli.RunAsync(["user", "add", "alice@example.test", "--password-stdin"], "pw\n");

        AssertSuccess(await _cli.RunAsync(["alias", "add", "info@example.test", "alice@example.test"]), "Added alias info@example.test");
        AssertSuccess(await _cli.RunAsync(["alias", "add", "@Example.test", "alice@example.test"]), "Added alias @example.test");
        AssertFailure(await _cli.RunAsync(["alias", "add", "info@example.test", "alice@example.test"]), "already exists");
        AssertFailure(await _cli.RunAsync(["alias", "add", "info@elsewhere.test", "alice@example.test"]), "not a local domain");

        var list = await _cli.RunAsync(["alias", "list", "example.test"]);
        Assert.Equal(0, list.ExitCode);
        string[] lines = Lines(list.StandardOutput);
        Assert.Equal(["SOURCE", "TARGET", "KIND"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["@example.test", "alice@example.test", "catch-all"]);
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["info@example.test", "alice@example.test", "alias"]);

        AssertSuccess(await _cli.RunAsync(["alias", "delete", "@example.test"]), "Deleted alias @example.test.");
        Assert.DoesNotContain("catch-all", (await _cli.RunAsync(["alias", "list"])).StandardOutput);
        AssertFailure(await _cli.RunAsync(["alias", "delete", "@example.test"]), "no such alias");
    }

    [Fact]
    public async Task User_delete_asks_unless_yes_and_says_how_many_messages_went()
    {
        await _cli.RunAsync(["domain", "add", "example.test"]);
        await _cli.RunAsync(["user", "add", "alice@example.test", "--password-stdin"], "pw\n");

        var declined = await _cli.RunAsync(["user", "delete", "alice@example.test"], "n\n");
        AssertFailure(declined, "not deleted");
        Assert.Contains("Delete alice@example.test and all their mail? [y/N]", declined.StandardError);
        Assert.Contains("alice@example.test", (await _cli.RunAsync(["user", "list"])).StandardOutput);

        AssertSuccess(await _cli.RunAsync(["user", "delete", "alice@example.test", "--yes"]), "Deleted user alice@example.test and 0 messages.");
        Assert.Equal(["No users."], Lines((await _cli.RunAsync(["user", "list"])).StandardOutput));
        AssertFailure(await _cli.RunAsync(["user", "delete", "alice@example.test", "--yes"]), "no such user");
    }

    [Fact]
    public async Task Mail_list_of_an_empty_mailbox_and_of_a_stored_message()
    {
        await _cli.RunAsync(["domain", "add", "example.test"]);
        await _cli.RunAsync(["user", "add", "alice@example.test", "--password-stdin"], "pw\n");

        AssertSuccess(await _cli.RunAsync(["mail", "list", "alice@example.test"]), "No messages.");
        AssertSuccess(await _cli.RunAsync(["mail", "list", "alice@example.test", "--mailbox", "inbox"]), "No messages.");
        AssertFailure(await _cli.RunAsync(["mail", "list", "alice@example.test", "--mailbox", "Nope"]), "no folder 'Nope'");
        AssertFailure(await _cli.RunAsync(["mail", "list", "nobody@example.test"]), "no such user");

        byte[] content = "From: Bob <bob@example.org>\r\nSubject: Hello there\r\n\r\nHi Alice.\r\n"u8.ToArray();
        long id;
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
        {
            UserAccount alice = (await store.Accounts.FindUserAsync("alice@example.test"))!;
            await using MessageSpool spool = store.Mail.CreateSpool();
            await spool.Content.WriteAsync(content);
            CommitResult committed = await store.Mail.CommitAsync(
                new AcceptedMessage(spool, [new MailboxDelivery(alice.Id)], null, DateTimeOffset.UtcNow));
            id = committed.Messages[0].MessageId;
        }

        var list = await _cli.RunAsync(["mail", "list", "alice@example.test"]);
        Assert.Equal(0, list.ExitCode);
        Assert.Matches($@"(?m)^\s*{id}\s+\d{{4}}-\d\d-\d\d \d\d:\d\d\s+.*bob@example\.org.*Hello there\s+{content.Length}\s+INBOX$", list.StandardOutput);

        var show = await _cli.RunAsync(["mail", "show", "alice@example.test", id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(0, show.ExitCode);
        Assert.Equal(System.Text.Encoding.ASCII.GetString(content), show.StandardOutput);
        AssertFailure(await _cli.RunAsync(["mail", "show", "alice@example.test", "999999"]), "no message 999999");
    }

    [Fact]
    public async Task Data_folder_comes_from_WREN__DATA_when_there_is_no_option()
    {
        var environment = new Dictionary<string, string> { ["WREN__DATA"] = _cli.DataDirectory };
        Assert.Equal(0, (await _cli.RunRawAsync(["domain", "add", "example.test"], environment: environment)).ExitCode);
        Assert.Equal(["example.test"], Lines((await _cli.RunAsync(["domain", "list"])).StandardOutput));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertSuccess(WrenCli.Result result, string expectedOutput)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains(expectedOutput, result.StandardOutput);
    }

    // One clear line on stderr, exit code 1.
    private static void AssertFailure(WrenCli.Result result, string expectedError)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}, stdout: {result.StandardOutput}, stderr: {result.StandardError}");
        string[] lines = Lines(result.StandardError).Where(l => !l.EndsWith("[y/N]", StringComparison.Ordinal)).ToArray();
        Assert.Single(lines);
        Assert.StartsWith("wren: ", lines[0]);
        Assert.Contains(expectedError, lines[0]);
    }
}
