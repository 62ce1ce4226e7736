using System.Diagnostics.CodeAnalysis;

namespace Wren.Pop3.Server;

/// <summary>
/// RFC 1939 §8: the server acquires an exclusive-access lock on the maildrop when a session enters the
/// TRANSACTION state. One POP3 session per user at a time within this server process; a second login gets
/// <c>-ERR [IN-USE]</c> (RFC 2449 §8.1.2). Thread-safe; one instance is shared by every POP3 listener.
/// </summary>
public sealed class MaildropLocks
{
    private readonly Lock _lock = new();
    private readonly HashSet<long> _held = [];

    /// <summary>Whether <paramref name="userId"/>'s maildrop is locked now.</summary>
    public bool IsHeld(long userId)
    {
        lock (_lock)
            return _held.Contains(userId);
    }

    /// <summary>Locks <paramref name="userId"/>'s maildrop; disposing <paramref name="lease"/> releases it.</summary>
    /// <returns>False, with no lease, when another session holds it.</returns>
    public bool TryAcquire(long userId, [NotNullWhen(true)] out IDisposable? lease)
    {
        lock (_lock)
        {
            if (!_held.Add(userId))
            {
                lease = null;
                return false;
            }
        }
        lease = new Lease(this, userId);
        return true;
    }

    private void Release(long userId)
    {
        lock (_lock)
            _held.Remove(userId);
    }

    private sealed class Lease(MaildropLocks owner, long userId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Release(userId);
        }
    }
}
