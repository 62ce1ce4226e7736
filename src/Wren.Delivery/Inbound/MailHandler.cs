using Microsoft.Extensions.Logging;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Delivery.Inbound;

/// <summary>
/// The SMTP server's policy and sink: local recipients must exist, other domains only for authenticated
/// users (never an open relay), and accepted messages are filed in the store — local copies and the
/// outbound queue record in one durable commit.
/// </summary>
public sealed class MailHandler : ISmtpMessageHandler
{
    private const string RoutesKey = "Wren.Delivery.Routes";
    private const string SentMailbox = "Sent";

    private static readonly SmtpReply SenderNotOwned = new(553, "5.7.1", "Sender address not owned by the authenticated user");
    private static readonly SmtpReply TooManyHops = new(554, "5.4.6", "Too many Received fields: mail loop detected");

    private readonly IAccountStore _accounts;
    private readonly IMailStore _mail;
    private readonly MailHandlerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MailHandler> _logger;

    /// <summary>Creates the handler over a store.</summary>
    public MailHandler(IAccountStore accounts, IMailStore mail, MailHandlerOptions options, TimeProvider time, ILogger<MailHandler> logger)
    {
        _accounts = accounts;
        _mail = mail;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<SmtpReply?> CheckSenderAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken)
    {
        session.Items[RoutesKey] = new Dictionary<string, RecipientRoute>();
        if (session.AuthenticatedUser is not { } user || !_options.EnforceSenderOwnership || envelope.Sender is null)
            return null;
        if (envelope.Sender.Canonical == user.ToLowerInvariant())
            return null;
        RecipientResolution owners = await _accounts.ResolveAsync(envelope.Sender, cancellationToken);
        return owners.Users.Any(u => u.Address.Equals(user, StringComparison.OrdinalIgnoreCase)) ? null : SenderNotOwned;
    }

    /// <inheritdoc />
    public async ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionInfo session, Envelope envelope, EnvelopeRecipient recipient, CancellationToken cancellationToken)
    {
        RecipientRoute route = await RouteAsync(recipient.Address, cancellationToken);
        if (route.Local is { } resolution)
        {
            if (resolution.IsUnknown)
                return SmtpReplies.UnknownUser;
        }
        else if (session.AuthenticatedUser is null)
        {
            // RFC 5321 §3.6.2 / §7.1: relay only for authenticated users.
            return SmtpReplies.RelayDenied;
        }
        // Kept for the end of data, so the accepted message is filed without looking everything up again.
        if (session.Items.TryGetValue(RoutesKey, out object? routes))
            ((Dictionary<string, RecipientRoute>)routes)[recipient.Address.Canonical] = route;
        return null;
    }

    private async Task<RecipientRoute> RouteAsync(EmailAddress address, CancellationToken cancellationToken) =>
        await _accounts.IsLocalDomainAsync(address.Domain, cancellationToken)
            ? new RecipientRoute(await _accounts.ResolveAsync(address, cancellationToken))
            : new RecipientRoute(null);

    /// <inheritdoc />
    public async ValueTask<IncomingMessage> BeginMessageAsync(SmtpSessionInfo session, Envelope envelope, CancellationToken cancellationToken)
    {
        MessageSpool spool = _mail.CreateSpool();
        try
        {
            // RFC 5321 §4.4: the delivering server records the reverse-path in Return-Path, at the top.
            // The outbound side removes it again before relaying a queued copy.
            string returnPath = $"Return-Path: <{envelope.Sender?.ToString() ?? ""}>\r\n";
            await spool.Content.WriteAsync(System.Text.Encoding.UTF8.GetBytes(returnPath), cancellationToken);
            return new StoreIncomingMessage(this, session, envelope, spool);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    private async Task<SmtpReply> CommitAsync(SmtpSessionInfo session, Envelope envelope, MessageSpool spool, CancellationToken cancellationToken)
    {
        var deliveries = new Dictionary<long, MailboxDelivery>();
        MailboxDelivery? sent = null;
        var outbound = new List<EnvelopeRecipient>();
        var routes = session.Items.TryGetValue(RoutesKey, out object? found) ? (Dictionary<string, RecipientRoute>)found : [];
        foreach (EnvelopeRecipient recipient in envelope.Recipients)
        {
            if (!routes.TryGetValue(recipient.Address.Canonical, out RecipientRoute? route))
                route = await RouteAsync(recipient.Address, cancellationToken);
            if (route.Local is not { } resolution)
            {
                outbound.Add(recipient);
                continue;
            }
            foreach (UserAccount user in resolution.Users)
                deliveries.TryAdd(user.Id, new MailboxDelivery(user.Id));
            foreach (EmailAddress external in resolution.ExternalTargets)
                outbound.Add(new EnvelopeRecipient(external, recipient.Notify, recipient.OriginalRecipient ?? new OriginalRecipient("rfc822", recipient.Address.ToString())));
        }
        if (_options.SaveSubmittedToSent && session.AuthenticatedUser is { } submitter && (deliveries.Count > 0 || outbound.Count > 0))
        {
            // The submitter's own copy, like a client's "save to Sent" but without the second upload.
            UserAccount? user = await _accounts.FindUserAsync(submitter, cancellationToken);
            if (user is not null)
                sent = new MailboxDelivery(user.Id, SentMailbox, MessageFlags.Seen);
        }
        if (deliveries.Count == 0 && outbound.Count == 0)
        {
            // Every recipient vanished between RCPT and the end of data (deleted meanwhile).
            return SmtpReplies.UnknownUser;
        }
        var accepted = new AcceptedMessage(
            spool,
            sent is null ? deliveries.Values.ToArray() : [.. deliveries.Values, sent],
            outbound.Count > 0 ? envelope with { Recipients = outbound } : null,
            _time.GetUtcNow());
        CommitResult result = await _mail.CommitAsync(accepted, cancellationToken);
        _logger.LogInformation("Session {Session}: accepted message from {Sender}: {Local} local copies, {Remote} queued",
            session.Id, envelope.Sender?.ToString() ?? "<>", result.Messages.Count, outbound.Count);
        return new SmtpReply(250, "2.0.0", $"OK: queued as {session.Id}-{result.Messages.FirstOrDefault()?.MessageId ?? result.QueueId}");
    }

    /// <summary>Where one recipient's mail goes: local users and forwards, or (Local null) another domain.</summary>
    private sealed record RecipientRoute(RecipientResolution? Local);

    /// <summary>A message streaming into a store spool.</summary>
    private sealed class StoreIncomingMessage(MailHandler handler, SmtpSessionInfo session, Envelope envelope, MessageSpool spool) : IncomingMessage
    {
        private readonly HopCountingStream content = new(spool.Content);

        public override Stream Content => content;

        public override async ValueTask<SmtpReply> CommitAsync(CancellationToken cancellationToken)
        {
            if (content.Hops > handler._options.MaxReceivedHeaders)
            {
                // RFC 5321 §6.3: this many hops means a loop; refusing ends it (the last relay bounces it).
                handler._logger.LogWarning("Session {Session}: refused a message from {Sender} with {Hops} Received fields (mail loop?)",
                    session.Id, envelope.Sender?.ToString() ?? "<>", content.Hops);
                return TooManyHops;
            }
            try
            {
                return await handler.CommitAsync(session, envelope, spool, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                handler._logger.LogError(ex, "Session {Session}: storing the message failed", session.Id);
                return SmtpReplies.LocalError;
            }
        }

        public override ValueTask DisposeAsync() => spool.DisposeAsync();
    }
}
