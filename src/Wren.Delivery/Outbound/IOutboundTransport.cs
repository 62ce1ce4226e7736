namespace Wren.Delivery.Outbound;

/// <summary>
/// Carries jobs to one destination: finds its servers, connects, and sends job after job over the same
/// connection while more are waiting. The SMTP implementation is <see cref="SmtpTransport"/>; tests
/// substitute others.
/// </summary>
public interface IOutboundTransport
{
    /// <summary>
    /// Delivers <paramref name="first"/> and then, on the same connection where possible, each job that
    /// <paramref name="next"/> hands over until it returns null. Completes every job it took (its
    /// <see cref="DeliveryJob.Completion"/>) as soon as that job's outcome is known — when the destination
    /// cannot be reached, the job and the ones still waiting are deferred with the reason. Never throws for a
    /// delivery problem.
    /// </summary>
    Task DeliverAsync(string destination, DeliveryJob first, Func<CancellationToken, ValueTask<DeliveryJob?>> next,
        CancellationToken cancellationToken);
}
