using Wren.Delivery.Outbound;

namespace Wren.Delivery.Tests.Outbound;

/// <summary>
/// An <see cref="IOutboundTransport"/> that answers each job with what the test's script says, records what
/// it was given, and counts the "connections" (DeliverAsync calls) and the jobs each one carried.
/// </summary>
internal sealed class ScriptedTransport : IOutboundTransport
{
    private readonly Func<DeliveryJob, RecipientDeliveryResult[]> script;
    private int active;
    private int connections;

    public ScriptedTransport(Func<DeliveryJob, RecipientDeliveryResult[]> script) => this.script = script;

    /// <summary>Every job delivered, in order.</summary>
    public List<DeliveryJob> Jobs { get; } = [];

    /// <summary>Jobs carried by each connection.</summary>
    public List<int> JobsPerConnection { get; } = [];

    /// <summary>The most connections open at once, per destination.</summary>
    public Dictionary<string, int> MaxConcurrent { get; } = [];

    /// <summary>When set, each job waits for it before answering (to hold connections open).</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Which jobs wait for <see cref="Gate"/> (all when null).</summary>
    public Func<DeliveryJob, bool>? GateWhen { get; set; }

    /// <summary>Raised when a job starts (before <see cref="Gate"/>).</summary>
    public event Action<DeliveryJob>? JobStarted;

    /// <summary>Raised when a connection waits for its next job (none was waiting: it lingers, idle).</summary>
    public event Action<string>? Idle;

    /// <summary>Raised when a connection ends, with the jobs it carried.</summary>
    public event Action<int>? Closed;

    /// <summary>Connections opened (DeliverAsync calls) so far.</summary>
    public int Connections => Volatile.Read(ref connections);

    public async Task DeliverAsync(string destination, DeliveryJob first, Func<CancellationToken, ValueTask<DeliveryJob?>> next,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref connections);
        int now = Interlocked.Increment(ref active);
        lock (MaxConcurrent)
            MaxConcurrent[destination] = Math.Max(MaxConcurrent.GetValueOrDefault(destination), now);
        int carried = 0;
        try
        {
            for (DeliveryJob? job = first; job is not null;)
            {
                carried++;
                lock (Jobs)
                    Jobs.Add(job);
                JobStarted?.Invoke(job);
                if (Gate is { } gate && (GateWhen?.Invoke(job) ?? true))
                    await gate.Task.WaitAsync(cancellationToken);
                job.Completion.TrySetResult(script(job));
                var pending = next(cancellationToken);
                if (!pending.IsCompleted)
                    Idle?.Invoke(destination); // its idle timer runs from here
                job = await pending;
            }
        }
        finally
        {
            Interlocked.Decrement(ref active);
            lock (JobsPerConnection)
                JobsPerConnection.Add(carried);
            Closed?.Invoke(carried);
        }
    }

    public static RecipientDeliveryResult[] All(DeliveryJob job, DeliveryResultKind kind, string status, string diagnostic, bool dsn = true) =>
        job.Recipients.Select(r => new RecipientDeliveryResult(r.Position, kind, status, diagnostic, "mx." + job.Destination, dsn)).ToArray();
}
