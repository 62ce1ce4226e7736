using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

/// <summary>
/// The policy and sink behind the SMTP server: decides on each sender and recipient, and files accepted
/// messages. The SMTP layer owns the protocol; this owns what the mail system does with it.
/// </summary>
public interface ISmtpMessageHandler
{
    /// <summary>Decides on MAIL FROM. Null accepts (250 2.1.0); otherwise the reply to send.</summary>
    ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken);

    /// <summary>Decides on one RCPT TO. Null accepts (250 2.1.5); otherwise the reply to send.</summary>
    ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionInfo session, Envelope envelope, EnvelopeRecipient recipient, CancellationToken cancellationToken);

    /// <summary>Starts receiving the content of a message whose envelope is complete.</summary>
    ValueTask<IncomingMessage> BeginMessageAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken);
}

/// <summary>
/// A message being received. The server writes its trace header and the unstuffed content into
/// <see cref="Content"/>, then either calls <see cref="CommitAsync"/> or just disposes it to abandon it.
/// </summary>
public abstract class IncomingMessage : IAsyncDisposable
{
    /// <summary>Where the message bytes go, streamed.</summary>
    public abstract Stream Content { get; }

    /// <summary>
    /// Makes the message durable and returns the final reply to the end of data: 250 only once nothing can
    /// be lost; otherwise a 4xx/5xx reply.
    /// </summary>
    public abstract ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
