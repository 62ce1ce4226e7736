using System.Diagnostics;
using System.Globalization;

namespace Wren.Bench.Smtp;

/// <summary>
/// Watches the server process during a run: its resident memory every 100 ms (VmRSS from
/// <c>/proc/PID/status</c>), its lifetime peak (VmHWM) and the CPU time it used between start and stop.
/// </summary>
internal sealed class ServerProcessSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly int _pid;
    private readonly string _statusPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan? _cpuAtStart;
    private readonly Task _loop;
    private long _rssStartKiB = -1;
    private long _rssMaxKiB = -1;
    private long _rssLastKiB = -1;
    private long _hwmKiB = -1;

    private ServerProcessSampler(int pid)
    {
        _pid = pid;
        _statusPath = $"/proc/{pid}/status";
        _cpuAtStart = ReadCpuTime(pid);
        Sample();
        _rssStartKiB = _rssLastKiB;
        _loop = SampleLoopAsync(_stop.Token);
    }

    /// <summary>Starts sampling process <paramref name="pid"/>; null with <paramref name="error"/> set when it cannot be read.</summary>
    public static ServerProcessSampler? Start(int pid, out string? error)
    {
        error = null;
        if (!File.Exists($"/proc/{pid}/status"))
        {
            error = $"--pid {pid}: no such process (or no /proc on this system)";
            return null;
        }
        return new ServerProcessSampler(pid);
    }

    /// <summary>Stops sampling and returns what was seen.</summary>
    public async Task<ServerProcessFigures> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Sample();
        TimeSpan? cpuAtEnd = ReadCpuTime(_pid);
        TimeSpan? cpu = _cpuAtStart is { } start && cpuAtEnd is { } end ? end - start : null;
        return new ServerProcessFigures(_pid, ToMiB(_hwmKiB), ToMiB(_rssStartKiB), ToMiB(_rssMaxKiB), ToMiB(_rssLastKiB), cpu);
    }

    private async Task SampleLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                Sample();
        }
        catch (OperationCanceledException)
        {
            // StopAsync was called.
        }
    }

    private void Sample()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(_statusPath);
        }
        catch (IOException)
        {
            return; // the process has exited; keep the last figures
        }
        foreach (string line in lines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal) && TryParseKiB(line, out long rss))
            {
                _rssLastKiB = rss;
                _rssMaxKiB = Math.Max(_rssMaxKiB, rss);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal) && TryParseKiB(line, out long hwm))
            {
                _hwmKiB = hwm;
            }
        }
    }

    // "VmRSS:	   81234 kB"
    private static bool TryParseKiB(string line, out long kib)
    {
        string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        kib = 0;
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out kib);
    }

    private static TimeSpan? ReadCpuTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static double? ToMiB(long kib) => kib < 0 ? null : kib / 1024.0;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>The server's figures over one run; a value is null when it could not be read.</summary>
/// <param name="Pid">The server's process id.</param>
/// <param name="PeakMiB">VmHWM at the end: the process's peak resident memory over its whole life.</param>
/// <param name="RssStartMiB">VmRSS when the run started.</param>
/// <param name="RssMaxMiB">Largest VmRSS sampled during the run.</param>
/// <param name="RssEndMiB">VmRSS when the run ended.</param>
/// <param name="Cpu">User + system CPU time the server used during the run.</param>
internal sealed record ServerProcessFigures(int Pid, double? PeakMiB, double? RssStartMiB, double? RssMaxMiB, double? RssEndMiB, TimeSpan? Cpu);
