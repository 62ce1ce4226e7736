using System.Net;
using Wren.Net.Limits;

namespace Wren.Net.Tests.Limits;

public sealed class ConnectionLimiterTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Bob = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void Enforces_the_total_limit()
    {
        var limiter = new ConnectionLimiter(maxConnections: 2, maxConnectionsPerAddress: 10);

        Assert.True(limiter.TryAcquire(Alice, out var first));
        Assert.True(limiter.TryAcquire(Bob, out _));
        Assert.False(limiter.TryAcquire(IPAddress.Parse("192.0.2.3"), out var refused));
        Assert.Null(refused);
        Assert.Equal(2, limiter.ActiveConnections);

        first.Dispose();
        Assert.True(limiter.TryAcquire(IPAddress.Parse("192.0.2.3"), out _));
    }

    [Fact]
    public void Enforces_the_per_address_limit()
    {
        var limiter = new ConnectionLimiter(maxConnections: 10, maxConnectionsPerAddress: 2);

        Assert.True(limiter.TryAcquire(Alice, out var first));
        Assert.True(limiter.TryAcquire(Alice, out _));
        Assert.False(limiter.TryAcquire(Alice, out _));
        Assert.True(limiter.TryAcquire(Bob, out _)); // others are unaffected
        Assert.Equal(2, limiter.ActiveConnectionsFrom(Alice));

        first.Dispose();
        Assert.Equal(1, limiter.ActiveConnectionsFrom(Alice));
        Assert.True(limiter.TryAcquire(Alice, out _));
    }

    [Fact]
    public void Loopback_exemption_lifts_only_the_per_address_limit()
    {
        var limiter = new ConnectionLimiter(maxConnections: 3, maxConnectionsPerAddress: 1) { ExemptLoopback = true };

        Assert.True(limiter.TryAcquire(IPAddress.Loopback, out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("::ffff:127.0.0.1"), out _));
        Assert.True(limiter.TryAcquire(Alice, out _));
        Assert.False(limiter.TryAcquire(IPAddress.Loopback, out _)); // the total still holds
    }

    [Fact]
    public void Disposing_a_lease_twice_releases_once()
    {
        var limiter = new ConnectionLimiter(maxConnections: 10, maxConnectionsPerAddress: 10);
        limiter.TryAcquire(Alice, out var first);
        limiter.TryAcquire(Alice, out _);

        first!.Dispose();
        first.Dispose();

        Assert.Equal(1, limiter.ActiveConnections);
        Assert.Equal(1, limiter.ActiveConnectionsFrom(Alice));
    }

    [Fact]
    public void Ipv4_mapped_ipv6_counts_as_the_ipv4_address()
    {
        var limiter = new ConnectionLimiter(maxConnections: 10, maxConnectionsPerAddress: 1);

        Assert.True(limiter.TryAcquire(Alice, out _));
        Assert.False(limiter.TryAcquire(Alice.MapToIPv6(), out _));
        Assert.Equal(1, limiter.ActiveConnectionsFrom(IPAddress.Parse("::ffff:192.0.2.1")));
    }

    [Fact]
    public void Ipv6_scope_ids_do_not_split_a_client()
    {
        var limiter = new ConnectionLimiter(maxConnections: 10, maxConnectionsPerAddress: 1);

        Assert.True(limiter.TryAcquire(IPAddress.Parse("fe80::1%1"), out _));
        Assert.False(limiter.TryAcquire(IPAddress.Parse("fe80::1%2"), out _));
    }

    [Fact]
    public async Task Concurrent_acquires_never_exceed_the_limits()
    {
        var limiter = new ConnectionLimiter(maxConnections: 50, maxConnectionsPerAddress: 5);
        var addresses = Enumerable.Range(1, 20).Select(i => IPAddress.Parse($"198.51.100.{i}")).ToArray();
        var peak = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var address = addresses[(worker * 7 + i) % addresses.Length];
                if (limiter.TryAcquire(address, out var lease))
                {
                    Assert.True(limiter.ActiveConnectionsFrom(address) <= 5);
                    var active = limiter.ActiveConnections;
                    Assert.True(active <= 50);
                    InterlockedMax(ref peak, active);
                    lease.Dispose();
                }
            }
        })));

        Assert.Equal(0, limiter.ActiveConnections);
        Assert.All(addresses, a => Assert.Equal(0, limiter.ActiveConnectionsFrom(a)));
        Assert.True(peak >= 1);
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionLimiter(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionLimiter(1, 0));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
