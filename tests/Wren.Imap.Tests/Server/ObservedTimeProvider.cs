using Microsoft.Extensions.Time.Testing;

namespace Wren.Imap.Tests.Server;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that lets a test wait until the server has started a timer of a given
/// length (a throttle delay), so it can move the clock past it without racing the server and without sleeping.
/// </summary>
internal sealed class ObservedTimeProvider() : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    private readonly Lock _lock = new();
    private readonly List<(TimeSpan Due, TaskCompletionSource Started)> _waiters = [];
    private readonly List<TimeSpan> _started = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            int index = _waiters.FindIndex(w => w.Due == dueTime);
            if (index < 0)
            {
                _started.Add(dueTime);
            }
            else
            {
                _waiters[index].Started.TrySetResult();
                _waiters.RemoveAt(index);
            }
        }
        return timer;
    }

    /// <summary>Completes once a timer due after <paramref name="due"/> has been created (one created earlier counts, once).</summary>
    public Task WaitForTimerAsync(TimeSpan due)
    {
        lock (_lock)
        {
            if (_started.Remove(due))
                return Task.CompletedTask;
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((due, started));
            return started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
