using Microsoft.Extensions.Logging;
using Wren.Store.Messages;

namespace Wren.Store;

/// <summary>The store's log events (one definition each, structured fields).</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Store opened at {DataDirectory} (schema version {SchemaVersion}, found {FoundVersion})")]
    public static partial void Opened(ILogger logger, string dataDirectory, int schemaVersion, int foundVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Deleted {Count} orphaned blob files left by an interrupted commit")]
    public static partial void OrphansDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Another process uses the data folder; orphaned blob files are left for a later start")]
    public static partial void OrphanSweepSkipped(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Commit of a batch of {Count} messages and queue updates failed; each is answered with the error")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Trace, Message = "Committed {Count} messages ({DirectoryFlushes} directory fsyncs) in {Milliseconds:0.0} ms")]
    public static partial void BatchCommitted(ILogger logger, int count, int directoryFlushes, double milliseconds);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "A change feed handler failed on {Kind} in mailbox {MailboxId}")]
    public static partial void ChangeHandlerFailed(ILogger logger, Exception exception, StoreChangeKind kind, long mailboxId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Could not delete blob file {Path}; it will be removed as an orphan later")]
    public static partial void BlobDeleteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Update of queue entry {QueueId} failed; nothing of it was recorded")]
    public static partial void QueueUpdateFailed(ILogger logger, Exception exception, long queueId);
}
