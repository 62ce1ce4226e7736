using System.Net;

namespace Wren.Net.Limits;

/// <summary>
/// Slows down password guessing: counts failed authentications per client IP address and says how long to
/// wait before sending each failure reply. The first <see cref="AuthFailureThrottleOptions.FreeFailures"/>
/// cost nothing, then the delay doubles from <see cref="AuthFailureThrottleOptions.InitialDelay"/> up to
/// <see cref="AuthFailureThrottleOptions.MaxDelay"/>; an address quiet for
/// <see cref="AuthFailureThrottleOptions.ForgetAfter"/> starts afresh. Thread-safe; one instance is shared
/// by SMTP, IMAP and POP3 so a guesser cannot switch protocols to escape it.
/// </summary>
public sealed class AuthFailureThrottle
{
    private readonly TimeProvider _time;
    private readonly AuthFailureThrottleOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private long _nextPrune;

    /// <summary>Creates a throttle.</summary>
    /// <param name="timeProvider">Clock for the quiet period and for <see cref="DelayAsync"/>.</param>
    /// <param name="options">Tuning; defaults when null.</param>
    public AuthFailureThrottle(TimeProvider timeProvider, AuthFailureThrottleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        _options = options ?? new AuthFailureThrottleOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.FreeFailures);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.InitialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDelay, _options.InitialDelay);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.ForgetAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxTrackedAddresses);
        _nextPrune = _time.GetTimestamp();
    }

    /// <summary>How many addresses are remembered now.</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Records a failed authentication from <paramref name="address"/>.</summary>
    /// <returns>How long to wait before answering with the failure reply (zero for the first few).</returns>
    public TimeSpan RegisterFailure(IPAddress address)
    {
        var key = ClientAddress.Normalize(address);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            PruneForgotten(now);
            if (!_entries.TryGetValue(key, out var entry))
            {
                MakeRoom();
            }
            else if (IsForgotten(entry, now))
            {
                entry = default;
            }

            entry = new Entry(entry.Failures + 1, now);
            _entries[key] = entry;
            return DelayFor(entry.Failures);
        }
    }

    /// <summary>Forgets the failures of <paramref name="address"/> after it authenticated successfully.</summary>
    public void RegisterSuccess(IPAddress address)
    {
        var key = ClientAddress.Normalize(address);
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>Waits <paramref name="delay"/> on this throttle's clock (completes at once for zero).</summary>
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, cancellationToken);

    private TimeSpan DelayFor(int failures)
    {
        var beyondFree = failures - _options.FreeFailures;
        if (beyondFree <= 0)
        {
            return TimeSpan.Zero;
        }

        // InitialDelay × 2^(beyondFree − 1), computed in double so large counts cannot overflow.
        var ticks = _options.InitialDelay.Ticks * Math.Pow(2, Math.Min(beyondFree - 1, 62));
        return ticks >= _options.MaxDelay.Ticks ? _options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private bool IsForgotten(Entry entry, long now) => _time.GetElapsedTime(entry.LastFailure, now) >= _options.ForgetAfter;

    // Drops forgotten entries, at most once per ForgetAfter period.
    private void PruneForgotten(long now)
    {
        if (_time.GetElapsedTime(_nextPrune, now) >= TimeSpan.Zero)
        {
            foreach (var (key, entry) in _entries)
            {
                if (IsForgotten(entry, now))
                {
                    _entries.Remove(key);
                }
            }

            _nextPrune = now + (long)(_options.ForgetAfter.TotalSeconds * _time.TimestampFrequency);
        }
    }

    // Before a new address is added to a full table, forgets the longest-quiet tenth of it.
    private void MakeRoom()
    {
        if (_entries.Count >= _options.MaxTrackedAddresses)
        {
            var keep = _options.MaxTrackedAddresses * 9 / 10;
            foreach (var key in _entries.OrderBy(e => e.Value.LastFailure).Take(_entries.Count - keep).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private readonly record struct Entry(int Failures, long LastFailure);
}
