using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Wren.Store.Messages;

/// <summary>
/// An <see cref="IChangeFeed"/> within one process. The store's writer calls <see cref="Publish"/> once per
/// change, in commit order, after the change is durable; each handler runs on the writer's thread before the
/// committing callers are released, so it must be quick (signal a session, queue work) and not block. A
/// handler that throws is logged and skipped; it never disturbs the writer or the other handlers.
/// </summary>
public sealed class InProcessChangeFeed : IChangeFeed
{
    private readonly ILogger logger;
    private readonly Lock updateLock = new();
    private volatile Subscription[] subscriptions = [];

    /// <summary>Creates a feed that logs failing handlers to <paramref name="logger"/>.</summary>
    public InProcessChangeFeed(ILogger? logger = null)
    {
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public IDisposable Subscribe(Action<StoreChange> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new Subscription(this, handler);
        lock (updateLock)
            subscriptions = [.. subscriptions, subscription];
        return subscription;
    }

    /// <summary>Delivers one committed change to every current subscriber, in subscription order.</summary>
    public void Publish(StoreChange change)
    {
        foreach (Subscription subscription in subscriptions)
        {
            if (subscription.IsDisposed)
                continue;
            try
            {
                subscription.Handler(change);
            }
            catch (Exception ex)
            {
                StoreLog.ChangeHandlerFailed(logger, ex, change.Kind, change.MailboxId);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (updateLock)
            subscriptions = Array.FindAll(subscriptions, s => s != subscription);
    }

    private sealed class Subscription(InProcessChangeFeed feed, Action<StoreChange> handler) : IDisposable
    {
        private int disposed;

        public Action<StoreChange> Handler { get; } = handler;

        public bool IsDisposed => Volatile.Read(ref disposed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
                feed.Remove(this);
        }
    }
}
