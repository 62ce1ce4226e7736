using System.Diagnostics;
using System.Net;
using Wren.Bench.Smtp;
using Wren.Delivery.Outbound;
using Wren.Mail.Addresses;
using Wren.Store.Accounts;
using Wren.Store.Queue;
using Wren.Store.Sqlite;

namespace Wren.Bench.Outbound;

/// <summary>
/// <c>Wren.Bench outbound</c>: fills a fresh store's queue, runs Wren's real queue scheduler against the sink
/// until the queue is empty, reads the queue back to check that nothing was lost, and prints the report.
/// </summary>
internal static class OutboundLoadCommand
{
    /// <summary>Runs once; 0 when every recipient was delivered and the queue is empty, 1 otherwise.</summary>
    public static async Task<int> RunAsync(OutboundLoadOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        string folder = Path.GetFullPath(options.Data ?? Path.Combine(Path.GetTempPath(), "wren-bench-outbound-" + Guid.NewGuid().ToString("N")));
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            await errors.WriteLineAsync($"Wren.Bench outbound: {folder} is not empty; give a new or empty folder");
            return 2;
        }
        var delivery = new DeliveryOptions
        {
            Port = options.SinkPort,
            MaxConnectionsPerDomain = options.Connections,
        };
        if (options.PerConnection is { } perConnection)
            delivery.MaxMessagesPerConnection = perConnection;
        if (options.InFlight is { } inFlight)
            delivery.MaxConcurrentMessages = inFlight;

        try
        {
            await output.WriteLineAsync(OutboundReport.Header(options, delivery));
            OutboundFigures figures;
            await using (SqliteStore store = await SqliteStore.OpenAsync(folder, cancellationToken: cancellationToken))
            {
                await PrepareAccountsAsync(store.Accounts, cancellationToken);
                var fill = Stopwatch.StartNew();
                int queued = await QueueFiller.FillAsync(store.Mail, options, cancellationToken);
                fill.Stop();
                figures = await DeliverAsync(store, delivery, options, queued, fill.Elapsed, cancellationToken);
                await output.WriteLineAsync(OutboundReport.Queued(figures, folder));
            }
            OutboundReport.Write(output, figures, options);
            return figures.NothingLost(figures.Queued * options.Recipients) && figures.Queued == options.Messages ? 0 : 1;
        }
        finally
        {
            if (!options.Keep && options.Data is null && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The sender is a local user, as for mail submitted by a user (a bounce would go to their INBOX).</summary>
    private static async Task PrepareAccountsAsync(IAccountStore accounts, CancellationToken cancellationToken)
    {
        var sender = EmailAddress.Parse(OutboundLoadOptions.Sender);
        await accounts.AddDomainAsync(sender.Domain, cancellationToken);
        await accounts.AddUserAsync(sender, new UserCredential(new byte[16], 4096, new byte[32], new byte[32]), cancellationToken);
    }

    private static async Task<OutboundFigures> DeliverAsync(SqliteStore store, DeliveryOptions delivery, OutboundLoadOptions options,
        int queued, TimeSpan fillTime, CancellationToken cancellationToken)
    {
        var tally = new RoundTally(queued);
        ProfilingQueueStore? profile = options.Profile ? new ProfilingQueueStore(store.Queue) : null;
        OutboundChain chain = OutboundChain.Create(store, (IQueueStore?)profile ?? store.Queue, delivery, IPAddress.Parse(options.SinkHost));
        await using var stopChain = chain; // also stopped below, before the queue is read back (stopping twice is harmless)
        chain.Scheduler.RoundRecorded += tally.OnRound;

        ServerProcessSampler sampler = ServerProcessSampler.Start(Environment.ProcessId, out _)
            ?? throw new InvalidOperationException("/proc/self/status cannot be read");
        ServerProcessFigures process;
        long allocatedAtStart = GC.GetTotalAllocatedBytes(precise: false);
        var collectionsAtStart = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var clock = Stopwatch.StartNew();
        bool timedOut = false;
        await using (sampler)
        {
            chain.Scheduler.Start();
            try
            {
                await tally.Done.WaitAsync(options.Timeout, cancellationToken);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                timedOut = true;
            }
            clock.Stop();
            process = await sampler.StopAsync();
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedAtStart;
        var collections = (GC.CollectionCount(0) - collectionsAtStart.Item1, GC.CollectionCount(1) - collectionsAtStart.Item2,
            GC.CollectionCount(2) - collectionsAtStart.Item3);

        // Stop delivering, then read back what the store says is left.
        await chain.DisposeAsync();
        IReadOnlyList<QueueEntry> left = await store.Queue.ListAsync(CancellationToken.None);
        int pending = left.Sum(e => e.Recipients.Count(r => r.Status == QueueRecipientStatus.Pending));
        CountingTransport t = chain.Transport;
        List<string> problems;
        lock (t.Problems)
            problems = [.. t.Problems];
        return new OutboundFigures(queued, fillTime, clock.Elapsed, timedOut, t.Delivered, t.Deferred, t.Failed, tally.Removed,
            left.Count, pending, t.Sessions, t.Jobs, t.MaxOpen, chain.Dns.Lookups, process, allocated, collections, problems)
        {
            Profile = profile is null ? [] : [.. profile.All, t.SessionTimes, t.FirstJobTimes, t.LaterJobTimes],
        };
    }
}
