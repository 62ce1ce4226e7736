namespace Wren.Delivery.Outbound;

/// <summary>
/// Ids of queue entries known to be due that wait for room in delivery, in the order they became known,
/// each at most once. The scheduler fills it from one listing (more than it can start at once) and from the
/// change feed (a message just queued), then starts rounds from it as earlier rounds end, so it need not
/// list the queue again — nor re-read entries already in delivery — for every round that ends.
/// </summary>
internal sealed class DueBacklog(int capacity)
{
    private readonly Queue<long> order = new();
    private readonly HashSet<long> members = [];
    private readonly Lock gate = new();

    /// <summary>Ids waiting.</summary>
    public int Count
    {
        get
        {
            lock (gate)
                return order.Count;
        }
    }

    /// <summary>Adds an id (once); false when the backlog is full, so that only a later listing will find it.</summary>
    public bool TryAdd(long id)
    {
        lock (gate)
        {
            if (members.Contains(id))
                return true;
            if (order.Count >= capacity)
                return false;
            members.Add(id);
            order.Enqueue(id);
            return true;
        }
    }

    /// <summary>Takes the oldest id.</summary>
    public bool TryTake(out long id)
    {
        lock (gate)
        {
            if (!order.TryDequeue(out id))
                return false;
            members.Remove(id);
            return true;
        }
    }
}
