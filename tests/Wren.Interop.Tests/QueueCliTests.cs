using System.Globalization;
using System.Text;
using System.Text.Json;
using Wren.Interop.Tests.Infrastructure;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Messages;
using Wren.Store.Queue;
using Wren.Store.Sqlite;
using Xunit;

namespace Wren.Interop.Tests;

/// <summary>
/// <c>wren queue</c>, run as a real process on a temp data folder whose queue the test fills and inspects
/// through the store directly.
/// </summary>
public sealed class QueueCliTests : IDisposable
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddHours(3);

    private readonly WrenCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Empty_queue_in_text_and_json()
    {
        AssertSuccess(await _cli.RunAsync(["queue", "list"]), "The queue is empty.");
        var json = await _cli.RunAsync(["queue", "list", "--json"]);
        Assert.Equal(0, json.ExitCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(json.StandardOutput).RootElement.ValueKind);
        Assert.Equal(0, JsonDocument.Parse(json.StandardOutput).RootElement.GetArrayLength());
        AssertSuccess(await _cli.RunAsync(["queue", "retry", "--all"]), "The queue is empty.");
    }

    [Fact]
    public async Task List_shows_one_row_per_entry_with_the_first_pending_recipients_error()
    {
        var (deferred, bounce) = await QueueTwoAsync();

        var list = await _cli.RunAsync(["queue", "list"]);
        Assert.Equal(0, list.ExitCode);
        string[] lines = Lines(list.StandardOutput);
        Assert.Equal(3, lines.Length);
        Assert.Equal(["ID", "QUEUED", "SENDER", "SIZE", "ATTEMPTS", "NEXT", "RCPTS", "LAST", "ERROR"], Words(lines[0]));
        string time = @"\d{4}-\d\d-\d\d \d\d:\d\d";
        Assert.Matches($@"^{deferred.Id}\s+{time}\s+<alice@example\.test>\s+{deferred.Size}\s+1\s+{Regex(Later)}\s+1/2\s+451 4\.7\.1 greylisted, try later$", lines[1]);
        Assert.Matches($@"^{bounce.Id}\s+{time}\s+<>\s+{bounce.Size}\s+0\s+due\s+1/1$", lines[2]);
    }

    [Fact]
    public async Task List_json_has_every_field_with_iso_times_and_per_recipient_status()
    {
        var (deferred, bounce) = await QueueTwoAsync();

        var result = await _cli.RunAsync(["queue", "list", "--json"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        JsonElement[] entries = [.. JsonDocument.Parse(result.StandardOutput).RootElement.EnumerateArray()];
        Assert.Equal(2, entries.Length);

        JsonElement first = entries[0];
        Assert.Equal(deferred.Id, first.GetProperty("id").GetInt64());
        Assert.Equal("alice@example.test", first.GetProperty("sender").GetString());
        Assert.Equal(deferred.Size, first.GetProperty("size").GetInt64());
        Assert.Equal(1, first.GetProperty("attempts").GetInt32());
        Assert.Equal(deferred.QueuedAt, Time(first.GetProperty("queuedAt")));
        Assert.Equal(deferred.NextAttemptAt, Time(first.GetProperty("nextAttemptAt")));
        Assert.Equal(deferred.LastAttemptAt, Time(first.GetProperty("lastAttemptAt")));
        Assert.False(first.GetProperty("delayNotified").GetBoolean());
        Assert.Equal("8BITMIME", first.GetProperty("body").GetString());
        Assert.True(first.GetProperty("smtpUtf8").GetBoolean());
        Assert.Equal("HDRS", first.GetProperty("ret").GetString());
        Assert.Equal("env-42", first.GetProperty("envid").GetString());

        JsonElement[] recipients = [.. first.GetProperty("recipients").EnumerateArray()];
        Assert.Equal(2, recipients.Length);
        Assert.Equal("bob@remote.test", recipients[0].GetProperty("address").GetString());
        Assert.Equal("pending", recipients[0].GetProperty("status").GetString());
        Assert.Equal(["FAILURE", "DELAY"], recipients[0].GetProperty("notify").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("rfc822", recipients[0].GetProperty("orcpt").GetProperty("type").GetString());
        Assert.Equal("Bob@Remote.test", recipients[0].GetProperty("orcpt").GetProperty("address").GetString());
        Assert.Equal("451 4.7.1 greylisted, try later", recipients[0].GetProperty("lastError").GetString());
        Assert.Equal("mx1.remote.test", recipients[0].GetProperty("remoteMta").GetString());
        Assert.Equal(deferred.Recipients[0].UpdatedAt, Time(recipients[0].GetProperty("updatedAt")));
        Assert.Equal("delivered", recipients[1].GetProperty("status").GetString());
        Assert.Equal(1, recipients[1].GetProperty("position").GetInt32());

        JsonElement second = entries[1];
        Assert.Equal(bounce.Id, second.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("sender").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("lastAttemptAt").ValueKind);
        Assert.Equal("7BIT", second.GetProperty("body").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("ret").ValueKind);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("envid").ValueKind);
        JsonElement only = second.GetProperty("recipients")[0];
        Assert.Equal(0, only.GetProperty("notify").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("orcpt").ValueKind);
        Assert.Equal(JsonValueKind.Null, only.GetProperty("lastError").ValueKind);
        Assert.Equal(JsonValueKind.Null, only.GetProperty("updatedAt").ValueKind);
    }

    [Fact]
    public async Task Show_prints_the_envelope_and_every_recipient()
    {
        var (deferred, bounce) = await QueueTwoAsync();

        var show = await _cli.RunAsync(["queue", "show", Id(deferred)]);
        Assert.True(show.ExitCode == 0, show.StandardError);
        string[] lines = Lines(show.StandardOutput);
        Assert.Equal($"Queue entry {deferred.Id}", lines[0]);
        Assert.Contains($"queued:       {LongTime(deferred.QueuedAt)}", lines);
        Assert.Contains($"size:         {deferred.Size} bytes", lines);
        Assert.Contains($"attempts:     1 (last ended {LongTime(deferred.LastAttemptAt!.Value)})", lines);
        Assert.Contains($"next attempt: {LongTime(Later)}", lines);
        Assert.Contains("sender:       <alice@example.test>", lines);
        Assert.Contains("BODY:         8BITMIME", lines);
        Assert.Contains("SMTPUTF8:     yes", lines);
        Assert.Contains("RET:          HDRS", lines);
        Assert.Contains("ENVID:        env-42", lines);

        // Each recipient's block follows its heading line.
        int bob = Array.IndexOf(lines, "Recipient 1: <bob@remote.test>");
        Assert.True(bob > 0, show.StandardOutput);
        Assert.Equal(
            ["status:       pending", "NOTIFY:       FAILURE,DELAY", "ORCPT:        rfc822;Bob@Remote.test",
             "last error:   451 4.7.1 greylisted, try later", "remote MTA:   mx1.remote.test",
             $"changed:      {LongTime(deferred.Recipients[0].UpdatedAt!.Value)}"],
            lines[(bob + 1)..(bob + 7)]);
        int carol = Array.IndexOf(lines, "Recipient 2: <carol@other.test>");
        Assert.Equal("status:       delivered", lines[carol + 1]);
        Assert.Equal("remote MTA:   mx.other.test", lines[carol + 5]);

        var nullSender = await _cli.RunAsync(["queue", "show", Id(bounce)]);
        string[] bounceLines = Lines(nullSender.StandardOutput);
        Assert.Contains("sender:       <>", bounceLines);
        Assert.Contains("RET:          not given", bounceLines);
        Assert.Contains("ENVID:        none", bounceLines);
        Assert.Contains("NOTIFY:       not given", bounceLines);
        Assert.Contains("last error:   none", bounceLines);
        Assert.Contains("changed:      never", bounceLines);
        Assert.Contains(bounceLines, l => l.StartsWith("next attempt:", StringComparison.Ordinal) && l.EndsWith("(due)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_content_writes_the_stored_bytes_and_unknown_ids_fail()
    {
        var (deferred, _) = await QueueTwoAsync();

        var content = await _cli.RunAsync(["queue", "show", Id(deferred), "--content"]);
        Assert.Equal(0, content.ExitCode);
        Assert.Equal(Encoding.UTF8.GetString(Content("deferred")), content.StandardOutput);

        AssertFailure(await _cli.RunAsync(["queue", "show", "999999"]), "no queue entry 999999");
        AssertFailure(await _cli.RunAsync(["queue", "show", "999999", "--content"]), "no queue entry 999999");
    }

    [Fact]
    public async Task Retry_one_then_all_makes_entries_due_now()
    {
        var (first, second) = await QueueTwoAsync();
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
            await store.Queue.UpdateAsync(new QueueUpdate(second.Id) { NextAttemptAt = Later, RoundEndedAt = DateTimeOffset.UtcNow });

        DateTimeOffset before = DateTimeOffset.UtcNow;
        var one = await _cli.RunAsync(["queue", "retry", Id(first)]);
        AssertSuccess(one, "Made 1 entry due now");
        Assert.Contains("Delivery:PollInterval", one.StandardOutput);
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
        {
            DateTimeOffset next = (await store.Queue.GetAsync(first.Id))!.NextAttemptAt;
            Assert.InRange(next, before.AddSeconds(-1), DateTimeOffset.UtcNow);
            Assert.Equal(Later.ToUnixTimeMilliseconds(), (await store.Queue.GetAsync(second.Id))!.NextAttemptAt.ToUnixTimeMilliseconds());
        }

        AssertSuccess(await _cli.RunAsync(["queue", "retry", "--all"]), "Made 2 entries due now");
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
            Assert.Equal(2, (await store.Queue.ListDueAsync(DateTimeOffset.UtcNow, 10)).Count);

        AssertFailure(await _cli.RunAsync(["queue", "retry", "999999"]), "no queue entry 999999");
    }

    [Theory]
    [InlineData("give a queue id or --all", "queue", "retry")]
    [InlineData("not both", "queue", "retry", "1", "--all")]
    [InlineData("Required argument missing for command: 'show'", "queue", "show")]
    [InlineData("Cannot parse argument 'abc' for command 'show'", "queue", "show", "abc")]
    [InlineData("--content and --json cannot be used together", "queue", "show", "1", "--content", "--json")]
    [InlineData("Required argument missing for command: 'delete'", "queue", "delete")]
    public async Task Usage_errors_exit_2(string expectedError, params string[] arguments)
    {
        var result = await _cli.RunAsync(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("wren: ", result.StandardError);
        Assert.Contains(expectedError, result.StandardError);
    }

    [Fact]
    public async Task Delete_asks_unless_yes_and_removes_the_entry_and_its_blob()
    {
        // Larger than the store keeps inside the database: the content is a file under blobs/.
        byte[] large = Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('x', 998) + "\r\n", 200)));
        QueueEntry entry;
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
            entry = await QueueAsync(store, large, new Envelope { Sender = Address("alice@example.test"), Recipients = [new(Address("bob@remote.test"))] });
        Assert.Single(BlobFiles());

        var declined = await _cli.RunAsync(["queue", "delete", Id(entry)], "n\n");
        AssertFailure(declined, "not deleted");
        Assert.Contains($"Delete queue entry {entry.Id} from <alice@example.test> with 1 pending recipient, without delivering or bouncing it? [y/N]", declined.StandardError);

        AssertSuccess(await _cli.RunAsync(["queue", "delete", Id(entry), "--yes"]), $"Deleted queue entry {entry.Id}.");
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory))
        {
            Assert.Null(await store.Queue.GetAsync(entry.Id));
            Assert.Null(await store.Queue.OpenContentAsync(entry.Id));
        }
        Assert.Empty(BlobFiles());
        AssertSuccess(await _cli.RunAsync(["queue", "list"]), "The queue is empty.");

        AssertFailure(await _cli.RunAsync(["queue", "delete", Id(entry), "--yes"]), $"no queue entry {entry.Id}");
    }

    [Fact]
    public async Task Stats_counts_pending_deferred_and_never_tried_per_domain()
    {
        // Queued two days ago (the store's clock), so the oldest age is known to the hour.
        DateTimeOffset twoDaysAgo = DateTimeOffset.UtcNow.AddDays(-2);
        await using (SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory, timeProvider: new FixedClock(twoDaysAgo)))
            await QueueAsync(store, Content("old"), new Envelope
            {
                Sender = Address("alice@example.test"),
                Recipients = [new(Address("x@other.test"))],
            });
        await QueueTwoAsync(); // remote.test: bob (deferred), dave (never tried); other.test: carol (delivered)

        var text = await _cli.RunAsync(["queue", "stats"]);
        Assert.True(text.ExitCode == 0, text.StandardError);
        string[] lines = Lines(text.StandardOutput);
        Assert.Contains("Entries:             3", lines);
        Assert.Contains("Recipients pending:  3 (1 deferred, 2 never tried)", lines);
        Assert.Contains(lines, l => l.StartsWith("Oldest entry:        2d 0h (queued ", StringComparison.Ordinal));
        Assert.Equal(["DOMAIN", "PENDING", "OLDEST"], Words(lines[3]));
        Assert.Matches(@"^remote\.test\s+2\s+\d+[sm]$", lines[4]);
        Assert.Equal(["other.test", "1", "2d", "0h"], Words(lines[5]));

        var json = await _cli.RunAsync(["queue", "stats", "--json"]);
        Assert.True(json.ExitCode == 0, json.StandardError);
        JsonElement stats = JsonDocument.Parse(json.StandardOutput).RootElement;
        Assert.Equal(3, stats.GetProperty("entries").GetInt32());
        Assert.Equal(3, stats.GetProperty("recipientsPending").GetInt32());
        Assert.Equal(1, stats.GetProperty("deferred").GetInt32());
        Assert.Equal(2, stats.GetProperty("neverTried").GetInt32());
        Assert.Equal(twoDaysAgo.ToUnixTimeMilliseconds(), Time(stats.GetProperty("oldestQueuedAt"))!.Value.ToUnixTimeMilliseconds());
        Assert.InRange(stats.GetProperty("oldestAgeSeconds").GetInt64(), 2 * 86400, 2 * 86400 + 3600);
        JsonElement[] domains = [.. stats.GetProperty("domains").EnumerateArray()];
        Assert.Equal(["remote.test", "other.test"], domains.Select(d => d.GetProperty("domain").GetString()));
        Assert.Equal([2, 1], domains.Select(d => d.GetProperty("pending").GetInt32()));
    }

    // Two entries: one deferred once (bob pending with an error, not due; carol delivered), one from the null
    // sender never tried (dave, due). Returned as the store sees them.
    private async Task<(QueueEntry Deferred, QueueEntry Bounce)> QueueTwoAsync()
    {
        await using SqliteStore store = await SqliteStore.OpenAsync(_cli.DataDirectory);
        QueueEntry deferred = await QueueAsync(store, Content("deferred"), new Envelope
        {
            Sender = Address("alice@example.test"),
            Recipients =
            [
                new(Address("bob@remote.test"), DsnNotify.Failure | DsnNotify.Delay, new OriginalRecipient("rfc822", "Bob@Remote.test")),
                new(Address("carol@other.test")),
            ],
            Body = BodyType.EightBitMime,
            SmtpUtf8 = true,
            Return = DsnReturn.Headers,
            EnvelopeId = "env-42",
        });
        await store.Queue.UpdateAsync(new QueueUpdate(deferred.Id)
        {
            Outcomes =
            [
                new RecipientOutcome(0, QueueRecipientStatus.Pending, "451 4.7.1 greylisted, try later", "mx1.remote.test"),
                new RecipientOutcome(1, QueueRecipientStatus.Delivered, RemoteMta: "mx.other.test"),
            ],
            NextAttemptAt = Later,
            RoundEndedAt = DateTimeOffset.UtcNow,
        });
        QueueEntry bounce = await QueueAsync(store, Content("bounce"), new Envelope { Recipients = [new(Address("dave@remote.test"))] });
        return ((await store.Queue.GetAsync(deferred.Id))!, bounce);
    }

    private static async Task<QueueEntry> QueueAsync(SqliteStore store, byte[] content, Envelope envelope)
    {
        await using MessageSpool spool = store.Mail.CreateSpool();
        await spool.Content.WriteAsync(content);
        CommitResult committed = await store.Mail.CommitAsync(new AcceptedMessage(spool, [], envelope, DateTimeOffset.UtcNow));
        return (await store.Queue.GetAsync(committed.QueueId!.Value))!;
    }

    private static byte[] Content(string name) =>
        Encoding.UTF8.GetBytes($"From: Alice <alice@example.test>\r\nSubject: {name} — café\r\n\r\nHello from {name}.\r\n");

    private static EmailAddress Address(string text) => EmailAddress.Parse(text);

    private string[] BlobFiles() =>
        Directory.GetFiles(Path.Combine(_cli.DataDirectory, SqliteStore.BlobFolderName), "*", SearchOption.AllDirectories);

    private static string Id(QueueEntry entry) => entry.Id.ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(JsonElement element) =>
        element.ValueKind == JsonValueKind.Null ? null : DateTimeOffset.Parse(element.GetString()!, CultureInfo.InvariantCulture);

    private static string LongTime(DateTimeOffset time) =>
        time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Regex(DateTimeOffset time) =>
        System.Text.RegularExpressions.Regex.Escape(time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static void AssertSuccess(WrenCli.Result result, string expectedOutput)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains(expectedOutput, result.StandardOutput);
    }

    private static void AssertFailure(WrenCli.Result result, string expectedError)
    {
        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}, stdout: {result.StandardOutput}, stderr: {result.StandardError}");
        string[] lines = Lines(result.StandardError).Where(l => !l.EndsWith("[y/N]", StringComparison.Ordinal)).ToArray();
        Assert.Single(lines);
        Assert.StartsWith("wren: ", lines[0]);
        Assert.Contains(expectedError, lines[0]);
    }

    // The store stamps queued_at with its clock: a fixed one makes an entry as old as the test needs.
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
