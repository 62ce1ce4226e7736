using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Wren.Delivery.Bounces;
using Wren.Delivery.Outbound;
using Wren.Delivery.Outbound.Routing;
using Wren.Delivery.Outbound.TlsPolicy;
using Wren.Store.Queue;
using Wren.Store.Sqlite;

namespace Wren.Bench.Outbound;

/// <summary>
/// Wren's outbound chain composed as <c>wren serve</c> composes it (MailServerService.CreateOutbound): DNS →
/// MX routing and TLS policy (MTA-STS and DANE on) → SMTP transport; DSNs for what fails; the scheduler that
/// the store's change feed wakes. Two differences: the DNS is <see cref="SinkDns"/> (the destination's MX
/// is the sink), and the transport is wrapped by <see cref="CountingTransport"/>, which only counts.
/// Logging goes nowhere (<c>wren serve</c> logs one line per recipient at Information).
/// </summary>
internal sealed class OutboundChain : IAsyncDisposable
{
    /// <summary>The name Wren gives itself (EHLO, DSNs).</summary>
    public const string Hostname = "bench.wren.test";

    private readonly TlsPolicyResolver tlsPolicy;
    private int disposed;

    private OutboundChain(SinkDns dns, CountingTransport transport, TlsPolicyResolver tlsPolicy, QueueScheduler scheduler)
    {
        Dns = dns;
        Transport = transport;
        this.tlsPolicy = tlsPolicy;
        Scheduler = scheduler;
    }

    public SinkDns Dns { get; }
    public CountingTransport Transport { get; }
    public QueueScheduler Scheduler { get; }

    /// <summary>The chain over <paramref name="store"/>; <paramref name="queue"/> is its queue, or a profiling wrapper of it.</summary>
    public static OutboundChain Create(SqliteStore store, IQueueStore queue, DeliveryOptions delivery, IPAddress sink)
    {
        TimeProvider time = TimeProvider.System;
        var dns = new SinkDns(OutboundLoadOptions.Domain, OutboundLoadOptions.MxHost, sink);
        var mx = new MxResolver(dns, new MxResolverOptions { LocalHostNames = [Hostname] });
        var tlsPolicy = new TlsPolicyResolver(dns, new TlsPolicyOptions
        {
            EnableMtaSts = true,
            EnableDane = true,
            CacheFolder = Path.Combine(store.DataDirectory, "mta-sts"),
        }, time, NullLogger<TlsPolicyResolver>.Instance);
        var smtp = new SmtpTransport(mx, tlsPolicy, delivery, new SmarthostOptions(), Hostname, time, NullLogger<SmtpTransport>.Instance);
        var transport = new CountingTransport(smtp);
        var dsn = new DsnBuilder(Hostname, time, new DsnBuilderOptions { MaxFullReturnSize = delivery.ReturnFullMaxSize });
        var bounces = new BounceComposer(store.Mail, queue, store.Accounts, dsn, time);
        var rounds = new DeliveryRound(queue, bounces, new RetrySchedule(delivery), time, NullLogger<DeliveryRound>.Instance);
        var scheduler = new QueueScheduler(queue, store.Mail.Changes, transport, rounds, delivery, smarthost: false, time,
            NullLogger<QueueScheduler>.Instance);
        return new OutboundChain(dns, transport, tlsPolicy, scheduler);
    }

    /// <summary>Stops the scheduler (rounds in flight end first); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        await Scheduler.DisposeAsync().ConfigureAwait(false);
        tlsPolicy.Dispose();
    }
}
