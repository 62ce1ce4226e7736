using Microsoft.Extensions.Logging;

namespace Wren.Delivery.Outbound;

/// <summary>The outbound side's log messages (one definition each, with structured fields).</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Delivery to {Destination} failed unexpectedly; its messages are deferred")]
    public static partial void TransportFailed(ILogger logger, Exception exception, string destination);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Queue {QueueId}: {Recipient} {Kind} ({Status}) via {RemoteMta}: {Diagnostic}")]
    public static partial void RecipientResult(ILogger logger, long queueId, string recipient, DeliveryResultKind kind, string status,
        string? remoteMta, string diagnostic);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Queue {QueueId}: recording the delivery round failed; it will be tried again")]
    public static partial void RoundNotRecorded(ILogger logger, Exception exception, long queueId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "The queue scheduler failed; it starts over")]
    public static partial void SchedulerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Queue {QueueId}: sent a {Kind} notice to {Sender}")]
    public static partial void BounceSent(ILogger logger, long queueId, string kind, string sender);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Queue {QueueId}: could not build the delivery status notification")]
    public static partial void BounceFailed(ILogger logger, Exception exception, long queueId);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information,
        Message = "Queue {QueueId}: {Pending} recipients stay queued; next attempt at {NextAttemptAt:u}")]
    public static partial void Deferred(ILogger logger, long queueId, int pending, DateTimeOffset nextAttemptAt);
}
