using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Wren.Net.Limits;

/// <summary>
/// Caps concurrent connections overall and per client IP address. A listener acquires a lease when it
/// accepts a connection and disposes it when the connection ends; a refused client gets the protocol's
/// "too busy" answer (SMTP 421, IMAP BYE, POP3 -ERR) and is disconnected. Thread-safe.
/// </summary>
public sealed class ConnectionLimiter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _total;

    /// <summary>Creates a limiter.</summary>
    /// <param name="maxConnections">Most connections open at once, from all clients together.</param>
    /// <param name="maxConnectionsPerAddress">Most connections open at once from one IP address.</param>
    public ConnectionLimiter(int maxConnections, int maxConnectionsPerAddress)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConnections);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConnectionsPerAddress);
        MaxConnections = maxConnections;
        MaxConnectionsPerAddress = maxConnectionsPerAddress;
    }

    /// <summary>Most connections open at once, from all clients together.</summary>
    public int MaxConnections { get; }

    /// <summary>Most connections open at once from one IP address.</summary>
    public int MaxConnectionsPerAddress { get; }

    /// <summary>
    /// When true, loopback clients are held only to the overall limit: local programs (a webmail, a load
    /// test) are trusted the way postfix trusts <c>$mynetworks</c> for its per-client limits.
    /// </summary>
    public bool ExemptLoopback { get; init; }

    /// <summary>Connections currently holding a lease.</summary>
    public int ActiveConnections
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Connections from <paramref name="address"/> currently holding a lease.</summary>
    public int ActiveConnectionsFrom(IPAddress address)
    {
        var key = ClientAddress.Normalize(address);
        lock (_lock)
        {
            return _perAddress.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Takes a connection slot for <paramref name="address"/> if both limits allow; disposing
    /// <paramref name="lease"/> (once or more) gives it back.
    /// </summary>
    /// <returns>False, with no lease, when either limit is reached.</returns>
    public bool TryAcquire(IPAddress address, [NotNullWhen(true)] out IDisposable? lease)
    {
        var key = ClientAddress.Normalize(address);
        lock (_lock)
        {
            var fromAddress = _perAddress.GetValueOrDefault(key);
            bool perAddressLimited = !(ExemptLoopback && IPAddress.IsLoopback(key));
            if (_total >= MaxConnections || (perAddressLimited && fromAddress >= MaxConnectionsPerAddress))
            {
                lease = null;
                return false;
            }

            _total++;
            _perAddress[key] = fromAddress + 1;
        }

        lease = new Lease(this, key);
        return true;
    }

    private void Release(IPAddress key)
    {
        lock (_lock)
        {
            _total--;
            var remaining = _perAddress[key] - 1;
            if (remaining == 0)
            {
                _perAddress.Remove(key); // memory stays bounded by open connections
            }
            else
            {
                _perAddress[key] = remaining;
            }
        }
    }

    private sealed class Lease(ConnectionLimiter owner, IPAddress key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(key);
            }
        }
    }
}
