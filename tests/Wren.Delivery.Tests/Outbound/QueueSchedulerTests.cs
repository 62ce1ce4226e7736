using MimeKit;
using Wren.Delivery.Outbound;
using Wren.Mail.Envelopes;
using Wren.Store.Queue;

namespace Wren.Delivery.Tests.Outbound;

public sealed class QueueSchedulerTests
{
    private static RecipientDeliveryResult[] Accept(DeliveryJob job) =>
        ScriptedTransport.All(job, DeliveryResultKind.Delivered, "2.0.0", "250 2.0.0 OK");

    private static RecipientDeliveryResult[] TryLater(DeliveryJob job) =>
        ScriptedTransport.All(job, DeliveryResultKind.Deferred, "4.4.1", "mx.b.test[127.0.0.3]: connection refused");

    [Fact]
    public async Task A_queued_message_is_delivered_at_once_and_leaves_the_queue()
    {
        var transport = new ScriptedTransport(Accept);
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"]);

        var round = await test.Round(id, 1);
        Assert.True(round.Removed);
        Assert.Null(round.Bounce);
        var job = Assert.Single(transport.Jobs);
        Assert.Equal("b.test", job.Destination);
        Assert.Empty(await test.Store.Queue.ListAsync());
    }

    [Fact]
    public async Task The_relayed_content_has_no_Return_Path()
    {
        string? relayed = null;
        var transport = new ScriptedTransport(job =>
        {
            using var content = job.OpenContentAsync(CancellationToken.None).GetAwaiter().GetResult();
            relayed = new StreamReader(content).ReadToEnd();
            return Accept(job);
        });
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"]);
        await test.Round(id, 1);
        Assert.StartsWith("From: alice@a.test\r\n", relayed);
    }

    [Fact]
    public async Task Temporary_failures_are_retried_with_growing_waits_until_delivered()
    {
        int calls = 0;
        var transport = new ScriptedTransport(job => Interlocked.Increment(ref calls) <= 2 ? TryLater(job) : Accept(job));
        await using var test = await OutboundFixture.StartAsync(transport);
        DateTimeOffset queuedAt = test.Time.GetUtcNow();
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"]);

        Assert.False((await test.Round(id, 1)).Removed);
        var entry = (await test.Store.Queue.GetAsync(id))!;
        Assert.Equal(1, entry.Attempts);
        Assert.Equal(queuedAt + test.Options.RetryInitial, entry.NextAttemptAt);
        Assert.Contains("connection refused", entry.Recipients[0].LastError);

        test.Advance(test.Options.RetryInitial - TimeSpan.FromSeconds(1));
        test.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await test.Round(id, 2)).Removed);
        entry = (await test.Store.Queue.GetAsync(id))!;
        Assert.Equal(test.Time.GetUtcNow() + 2 * test.Options.RetryInitial, entry.NextAttemptAt); // the wait doubled

        test.Advance(2 * test.Options.RetryInitial);
        Assert.True((await test.Round(id, 3)).Removed);
        Assert.Equal(3, transport.Jobs.Count);
        Assert.Empty(await test.Store.Mail.ListMessagesAsync(test.Alice.Id)); // no bounce, no delay notice
    }

    [Fact]
    public async Task Nothing_is_tried_before_its_time()
    {
        var transport = new ScriptedTransport(TryLater);
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"]);
        await test.Round(id, 1);
        // Wake the scheduler without moving the clock far enough, then let a later entry's round pass:
        // by the time that one is recorded, the early entry would have been dispatched too if it were due.
        test.Advance(test.Options.RetryInitial - TimeSpan.FromSeconds(1));
        long other = await test.QueueAsync("alice@a.test", ["carol@c.test"]);
        await test.Round(other, 1);
        Assert.Equal(1, test.RoundsOf(id));
    }

    [Fact]
    public async Task A_permanent_failure_bounces_to_the_local_sender_at_once()
    {
        var transport = new ScriptedTransport(job =>
            ScriptedTransport.All(job, DeliveryResultKind.Failed, "5.1.1", "550 5.1.1 <bob@b.test>: no such user"));
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"], subject: "lost");

        var round = await test.Round(id, 1);
        Assert.True(round.Removed);
        Assert.NotNull(round.Bounce);
        string bounce = await test.ReadInboxMessageAsync();
        Assert.StartsWith("Return-Path: <>\r\n", bounce);
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(bounce)));
        var report = Assert.Single(message.BodyParts.OfType<MessageDeliveryStatus>());
        var recipient = report.StatusGroups[1];
        Assert.Equal("failed", recipient["Action"]);
        Assert.Equal("5.1.1", recipient["Status"]);
        Assert.Contains("no such user", recipient["Diagnostic-Code"]);
        Assert.Contains("rfc822;bob@b.test", recipient["Final-Recipient"]!.Replace(" ", ""));
    }

    [Fact]
    public async Task A_bounce_carries_the_signers_fields_on_top_of_the_unchanged_dsn()
    {
        var transport = new ScriptedTransport(job =>
            ScriptedTransport.All(job, DeliveryResultKind.Failed, "5.1.1", "550 5.1.1 <bob@b.test>: no such user"));
        var signer = new RecordingSigner();
        await using var test = await OutboundFixture.StartAsync(transport, signer: signer);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"], subject: "signed");

        await test.Round(id, 1);
        string bounce = await test.ReadInboxMessageAsync();
        Assert.Equal("Return-Path: <>\r\nDKIM-Signature: v=1; test\r\n" + signer.Seen, bounce);
        Assert.Contains("Content-Type: multipart/report", signer.Seen);
    }

    private sealed class RecordingSigner : Wren.Delivery.Signing.IMessageSigner
    {
        public string Seen { get; private set; } = "";

        public async Task<string> SignAsync(Stream message, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(message, leaveOpen: true);
            Seen = await reader.ReadToEndAsync(cancellationToken);
            return "DKIM-Signature: v=1; test\r\n";
        }
    }

    [Fact]
    public async Task Only_the_failed_recipients_are_reported_when_others_were_delivered()
    {
        var transport = new ScriptedTransport(job => job.Destination == "b.test"
            ? Accept(job)
            : ScriptedTransport.All(job, DeliveryResultKind.Failed, "5.1.1", "550 5.1.1 unknown"));
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test", "carol@c.test", "dave@b.test"]);

        Assert.True((await test.Round(id, 1)).Removed);
        Assert.Equal(2, transport.Jobs.Count); // one job per destination domain
        Assert.Equal(2, transport.Jobs.Single(j => j.Destination == "b.test").Recipients.Count);
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await test.ReadInboxMessageAsync())));
        var report = Assert.Single(message.BodyParts.OfType<MessageDeliveryStatus>());
        Assert.Equal(2, report.StatusGroups.Count); // the message group and carol's
        Assert.Contains("carol@c.test", report.StatusGroups[1]["Final-Recipient"]);
    }

    [Fact]
    public async Task A_bounce_never_bounces()
    {
        var transport = new ScriptedTransport(job => ScriptedTransport.All(job, DeliveryResultKind.Failed, "5.1.1", "550 5.1.1 unknown"));
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync(null, ["bob@b.test"]);
        var round = await test.Round(id, 1);
        Assert.True(round.Removed);
        Assert.Null(round.Bounce);
        Assert.Empty(await test.Store.Queue.ListAsync());
    }

    [Fact]
    public async Task A_bounce_for_a_remote_sender_is_queued_with_the_null_sender()
    {
        var transport = new ScriptedTransport(job => job.Destination == "b.test"
            ? ScriptedTransport.All(job, DeliveryResultKind.Failed, "5.1.1", "550 5.1.1 unknown")
            : TryLater(job));
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("someone@elsewhere.test", ["bob@b.test"]);
        var round = await test.Round(id, 1);
        var bounce = Assert.Single(await test.Store.Queue.ListAsync());
        Assert.Equal(round.Bounce!.QueueId, bounce.Id);
        Assert.Null(bounce.Envelope.Sender);
        Assert.Equal("someone@elsewhere.test", bounce.Envelope.Recipients[0].Address.ToString());
    }

    [Fact]
    public async Task Notify_never_suppresses_the_bounce()
    {
        var transport = new ScriptedTransport(job => ScriptedTransport.All(job, DeliveryResultKind.Failed, "5.1.1", "550 5.1.1 unknown"));
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"], notify: DsnNotify.Never);
        Assert.True((await test.Round(id, 1)).Removed);
        Assert.Empty(await test.Store.Mail.ListMessagesAsync(test.Alice.Id));
    }

    [Fact]
    public async Task One_delay_notice_after_the_configured_time_then_a_failure_when_the_queue_time_runs_out()
    {
        var transport = new ScriptedTransport(TryLater);
        await using var test = await OutboundFixture.StartAsync(transport, o =>
        {
            o.RetryInitial = TimeSpan.FromHours(1);
            o.RetryMax = TimeSpan.FromHours(1);
            o.DelayNotifyAfter = TimeSpan.FromHours(2);
            o.GiveUpAfter = TimeSpan.FromHours(5);
        });
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"]);
        await test.Round(id, 1); // t = 0
        for (int round = 2; round <= 5; round++)
        {
            test.Advance(TimeSpan.FromHours(1));
            Assert.False((await test.Round(id, round)).Removed);
        }
        // Rounds at 2, 3 and 4 hours are past DelayNotifyAfter: only the first of them sends a notice.
        var inbox = await test.Store.Mail.ListMessagesAsync(test.Alice.Id, "INBOX");
        var notice = Assert.Single(inbox);
        Assert.Contains("Delayed", notice.Subject);
        Assert.True((await test.Store.Queue.GetAsync(id))!.DelayNotified);

        test.Advance(TimeSpan.FromHours(1)); // t = 5 h: given up
        Assert.True((await test.Round(id, 6)).Removed);
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await test.ReadInboxMessageAsync(0))));
        var report = Assert.Single(message.BodyParts.OfType<MessageDeliveryStatus>());
        Assert.Equal("failed", report.StatusGroups[1]["Action"]);
        Assert.Equal("5.4.7", report.StatusGroups[1]["Status"]);
        Assert.Contains("connection refused", report.StatusGroups[1]["Diagnostic-Code"]);
    }

    [Fact]
    public async Task A_success_relayed_to_a_server_without_DSN_is_reported_when_asked_for()
    {
        var transport = new ScriptedTransport(job => ScriptedTransport.All(job, DeliveryResultKind.Delivered, "2.0.0", "250 OK", dsn: false));
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test"], notify: DsnNotify.Success | DsnNotify.Failure);
        Assert.True((await test.Round(id, 1)).Removed);
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await test.ReadInboxMessageAsync())));
        Assert.Equal("relayed", Assert.Single(message.BodyParts.OfType<MessageDeliveryStatus>()).StatusGroups[1]["Action"]);
    }

    [Fact]
    public async Task Connections_per_destination_are_limited_and_carry_several_messages()
    {
        var transport = new ScriptedTransport(Accept) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        int started = 0;
        var twoStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transport.JobStarted += _ =>
        {
            if (Interlocked.Increment(ref started) == 2)
                twoStarted.TrySetResult();
        };
        await using var test = await OutboundFixture.StartAsync(transport, o => o.MaxConnectionsPerDomain = 2);
        var ids = new List<long>();
        for (int i = 0; i < 10; i++)
            ids.Add(await test.QueueAsync("alice@a.test", [$"user{i}@b.test"], subject: $"m{i}"));
        await twoStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        transport.Gate.SetResult();
        foreach (long id in ids)
            Assert.True((await test.Round(id, 1)).Removed);
        Assert.Equal(10, transport.Jobs.Count);
        Assert.True(transport.MaxConcurrent["b.test"] <= 2);
        Assert.True(transport.JobsPerConnection.Count < 10, "messages waiting for the same destination share connections");
    }

    [Fact]
    public async Task Deliveries_made_before_a_shutdown_are_kept_and_the_round_is_not_counted()
    {
        var transport = new ScriptedTransport(job => job.Destination == "b.test" ? Accept(job) : TryLater(job))
        {
            Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            GateWhen = job => job.Destination == "c.test",
        };
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int started = 0;
        transport.JobStarted += _ =>
        {
            if (Interlocked.Increment(ref started) == 2)
                both.TrySetResult();
        };
        await using var test = await OutboundFixture.StartAsync(transport);
        long id = await test.QueueAsync("alice@a.test", ["bob@b.test", "carol@c.test"]);
        await both.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The server stops while c.test is still talking; b.test has answered 250.
        await test.Scheduler.DisposeAsync();
        var entry = (await test.Store.Queue.GetAsync(id))!;
        Assert.Equal(QueueRecipientStatus.Delivered, entry.Recipients[0].Status);
        Assert.Equal(QueueRecipientStatus.Pending, entry.Recipients[1].Status);
        Assert.Equal(0, entry.Attempts);
        Assert.True(entry.NextAttemptAt <= test.Time.GetUtcNow()); // due again as soon as the server is back
        Assert.Equal(0, test.RoundsOf(id));
    }
}
