using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Wren.Delivery.Bounces;
using Wren.Delivery.Outbound;
using Wren.Delivery.Signing;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Accounts;
using Wren.Store.Messages;
using Wren.Store.Queue;
using Wren.Store.Sqlite;

namespace Wren.Delivery.Tests.Outbound;

/// <summary>
/// A real store in a temp folder (alice@a.test is local), a fake clock, and a <see cref="QueueScheduler"/>
/// over a <see cref="ScriptedTransport"/>. Rounds are awaited through the scheduler's event, never by sleeping.
/// </summary>
internal sealed class OutboundFixture : IAsyncDisposable
{
    private readonly Dictionary<long, List<QueueUpdateResult>> rounds = [];
    private readonly List<(long Id, int Number, TaskCompletionSource<QueueUpdateResult> Done)> waiters = [];

    private OutboundFixture(SqliteStore store, UserAccount alice, FakeTimeProvider time)
    {
        Store = store;
        Alice = alice;
        Time = time;
    }

    public SqliteStore Store { get; }
    public UserAccount Alice { get; }
    public FakeTimeProvider Time { get; }
    public DeliveryOptions Options { get; } = new();
    public QueueScheduler Scheduler { get; private set; } = null!;

    public static Task<OutboundFixture> StartAsync(ScriptedTransport transport, Action<DeliveryOptions>? configure = null,
        IMessageSigner? signer = null, Func<IQueueStore, IQueueStore>? wrapQueue = null) =>
        StartAsync((_, _) => transport, configure, signer, wrapQueue);

    /// <summary>The same over a transport made on the fixture's clock and options (a real <see cref="SmtpTransport"/>).</summary>
    public static async Task<OutboundFixture> StartAsync(Func<FakeTimeProvider, DeliveryOptions, IOutboundTransport> createTransport,
        Action<DeliveryOptions>? configure = null, IMessageSigner? signer = null, Func<IQueueStore, IQueueStore>? wrapQueue = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        string folder = Path.Combine(Path.GetTempPath(), "wren-outbound-" + Guid.NewGuid().ToString("N"));
        var store = await SqliteStore.OpenAsync(folder, timeProvider: time);
        await store.Accounts.AddDomainAsync("a.test");
        var alice = await store.Accounts.AddUserAsync(EmailAddress.Parse("alice@a.test"),
            new UserCredential(new byte[16], 4096, new byte[32], new byte[32]));
        var fixture = new OutboundFixture(store, alice, time);
        configure?.Invoke(fixture.Options);
        IOutboundTransport transport = createTransport(time, fixture.Options);
        var builder = new DsnBuilder("mx.a.test", time);
        var bounces = new BounceComposer(store.Mail, store.Queue, store.Accounts, builder, time, signer);
        var rounds = new DeliveryRound(store.Queue, bounces, new RetrySchedule(fixture.Options), time, NullLogger.Instance);
        fixture.Scheduler = new QueueScheduler(wrapQueue?.Invoke(store.Queue) ?? store.Queue, store.Mail.Changes, transport, rounds, fixture.Options, smarthost: false, time,
            NullLogger.Instance);
        fixture.Scheduler.RoundRecorded += fixture.OnRound;
        fixture.Scheduler.Start();
        return fixture;
    }

    private void OnRound(long id, QueueUpdateResult result)
    {
        lock (rounds)
        {
            if (!rounds.TryGetValue(id, out var list))
                rounds[id] = list = [];
            list.Add(result);
            foreach (var waiter in waiters.Where(w => w.Id == id && list.Count >= w.Number).ToList())
            {
                waiter.Done.TrySetResult(list[waiter.Number - 1]);
                waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes when entry <paramref name="id"/> has had <paramref name="number"/> rounds recorded (1 for the first).</summary>
    public Task<QueueUpdateResult> Round(long id, int number)
    {
        var done = new TaskCompletionSource<QueueUpdateResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (rounds)
        {
            if (rounds.TryGetValue(id, out var list) && list.Count >= number)
                return Task.FromResult(list[number - 1]);
            waiters.Add((id, number, done));
        }
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Rounds recorded so far for <paramref name="id"/>.</summary>
    public int RoundsOf(long id)
    {
        lock (rounds)
            return rounds.TryGetValue(id, out var list) ? list.Count : 0;
    }

    /// <summary>Moves the clock and lets the scheduler look (the wake avoids a race with a sleep computed just before).</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        Scheduler.Wake();
    }

    public static byte[] Message(string subject) => Encoding.ASCII.GetBytes(
        $"Return-Path: <alice@a.test>\r\nFrom: alice@a.test\r\nTo: bob@b.test\r\nSubject: {subject}\r\nMessage-ID: <{subject}@a.test>\r\n\r\nHello.\r\n");

    /// <summary>Queues a message as the SMTP server would (which wakes the scheduler); returns the queue id.</summary>
    public async Task<long> QueueAsync(string? sender, string[] recipients, string subject = "hello", DsnNotify notify = DsnNotify.Unspecified)
    {
        var envelope = new Envelope
        {
            Sender = sender is null ? null : EmailAddress.Parse(sender),
            Recipients = recipients.Select(r => new EnvelopeRecipient(EmailAddress.Parse(r), notify)).ToArray(),
        };
        await using var spool = Store.Mail.CreateSpool();
        await spool.Content.WriteAsync(Message(subject));
        var result = await Store.Mail.CommitAsync(new AcceptedMessage(spool, [], envelope, Time.GetUtcNow()));
        return result.QueueId!.Value;
    }

    public async Task<string> ReadInboxMessageAsync(int index = 0)
    {
        var messages = await Store.Mail.ListMessagesAsync(Alice.Id, "INBOX");
        using var reader = new StreamReader((await Store.Mail.OpenMessageAsync(Alice.Id, messages[index].Id))!);
        return await reader.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.DisposeAsync();
        await Store.DisposeAsync();
        if (Directory.Exists(Store.DataDirectory))
            Directory.Delete(Store.DataDirectory, recursive: true);
    }
}
