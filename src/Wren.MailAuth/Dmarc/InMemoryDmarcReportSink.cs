using System.Collections.Concurrent;

namespace Wren.MailAuth.Dmarc;

/// <summary>An <see cref="IDmarcReportSink"/> that keeps rows in memory (tests, and until a durable one exists); rows
/// are lost on restart. Thread-safe.</summary>
public sealed class InMemoryDmarcReportSink : IDmarcReportSink
{
    private readonly ConcurrentQueue<DmarcReportRecord> _records = new();

    /// <summary>The rows recorded so far, oldest first.</summary>
    public IReadOnlyList<DmarcReportRecord> Records => _records.ToArray();

    /// <inheritdoc />
    public ValueTask RecordAsync(DmarcReportRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        _records.Enqueue(record);
        return ValueTask.CompletedTask;
    }

    /// <summary>Removes and returns every row recorded so far (for a report run).</summary>
    public IReadOnlyList<DmarcReportRecord> Drain()
    {
        var drained = new List<DmarcReportRecord>();
        while (_records.TryDequeue(out DmarcReportRecord? record))
            drained.Add(record);
        return drained;
    }
}
