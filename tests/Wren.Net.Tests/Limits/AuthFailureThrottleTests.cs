using System.Net;
using Microsoft.Extensions.Time.Testing;
using Wren.Net.Limits;

namespace Wren.Net.Tests.Limits;

public sealed class AuthFailureThrottleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("203.0.113.9");
    private readonly FakeTimeProvider _time = new();

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void Delay_is_free_at_first_then_doubles_up_to_the_cap()
    {
        var throttle = new AuthFailureThrottle(_time);

        var delays = Enumerable.Range(0, 10).Select(_ => throttle.RegisterFailure(Guesser)).ToArray();

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.Zero, Seconds(1), Seconds(2), Seconds(4), Seconds(8), Seconds(16), Seconds(30), Seconds(30), Seconds(30)],
            delays);
    }

    [Fact]
    public void Many_failures_stay_at_the_cap()
    {
        var throttle = new AuthFailureThrottle(_time);

        for (var i = 0; i < 1_000; i++)
        {
            throttle.RegisterFailure(Guesser);
        }

        Assert.Equal(Seconds(30), throttle.RegisterFailure(Guesser));
    }

    [Fact]
    public void Addresses_are_counted_separately()
    {
        var throttle = new AuthFailureThrottle(_time);
        for (var i = 0; i < 5; i++)
        {
            throttle.RegisterFailure(Guesser);
        }

        Assert.Equal(TimeSpan.Zero, throttle.RegisterFailure(IPAddress.Parse("203.0.113.10")));
        Assert.Equal(Seconds(8), throttle.RegisterFailure(Guesser.MapToIPv6())); // same client over IPv6 socket
    }

    [Fact]
    public void Failures_are_forgotten_after_a_quiet_period()
    {
        var throttle = new AuthFailureThrottle(_time);
        for (var i = 0; i < 5; i++)
        {
            throttle.RegisterFailure(Guesser);
        }

        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(Seconds(8), throttle.RegisterFailure(Guesser)); // not quiet long enough

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(TimeSpan.Zero, throttle.RegisterFailure(Guesser));
    }

    [Fact]
    public void Success_resets_the_count()
    {
        var throttle = new AuthFailureThrottle(_time);
        for (var i = 0; i < 5; i++)
        {
            throttle.RegisterFailure(Guesser);
        }

        throttle.RegisterSuccess(Guesser);

        Assert.Equal(TimeSpan.Zero, throttle.RegisterFailure(Guesser));
        Assert.Equal(1, throttle.TrackedAddresses);
    }

    [Fact]
    public void Options_tune_the_curve()
    {
        var throttle = new AuthFailureThrottle(_time, new AuthFailureThrottleOptions
        {
            FreeFailures = 0,
            InitialDelay = TimeSpan.FromMilliseconds(500),
            MaxDelay = Seconds(3),
        });

        Assert.Equal(
            [TimeSpan.FromMilliseconds(500), Seconds(1), Seconds(2), Seconds(3), Seconds(3)],
            Enumerable.Range(0, 5).Select(_ => throttle.RegisterFailure(Guesser)));
    }

    [Fact]
    public void Forgotten_addresses_are_pruned()
    {
        var throttle = new AuthFailureThrottle(_time);
        for (var i = 1; i <= 100; i++)
        {
            throttle.RegisterFailure(IPAddress.Parse($"198.51.100.{i}"));
        }

        Assert.Equal(100, throttle.TrackedAddresses);
        _time.Advance(TimeSpan.FromMinutes(16));
        throttle.RegisterFailure(Guesser);

        Assert.Equal(1, throttle.TrackedAddresses);
    }

    [Fact]
    public void Memory_is_bounded_by_evicting_the_longest_quiet()
    {
        var throttle = new AuthFailureThrottle(_time, new AuthFailureThrottleOptions { MaxTrackedAddresses = 10 });
        for (var i = 0; i < 5; i++)
        {
            throttle.RegisterFailure(Guesser); // the longest-quiet entry from here on
        }

        for (var i = 1; i <= 50; i++)
        {
            _time.Advance(Seconds(1));
            throttle.RegisterFailure(IPAddress.Parse($"198.51.100.{i}"));
            Assert.True(throttle.TrackedAddresses <= 10);
        }

        Assert.Equal(TimeSpan.Zero, throttle.RegisterFailure(Guesser)); // evicted long ago, starts afresh
    }

    [Fact]
    public async Task DelayAsync_waits_on_the_injected_clock()
    {
        var throttle = new AuthFailureThrottle(_time);

        Assert.True(throttle.DelayAsync(TimeSpan.Zero, CancellationToken.None).IsCompletedSuccessfully);

        var waiting = throttle.DelayAsync(Seconds(4), CancellationToken.None);
        _time.Advance(Seconds(3));
        Assert.False(waiting.IsCompleted);
        _time.Advance(Seconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(waiting.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task DelayAsync_honours_cancellation()
    {
        var throttle = new AuthFailureThrottle(_time);
        using var cancel = new CancellationTokenSource();

        var waiting = throttle.DelayAsync(Seconds(30), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
