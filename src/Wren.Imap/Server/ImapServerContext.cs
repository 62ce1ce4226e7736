using System.Net.Security;
using Microsoft.Extensions.Logging;
using Wren.Net.Limits;
using Wren.Net.Sasl;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

/// <summary>Everything an IMAP session needs from the server that hosts it, shared by all sessions.</summary>
public sealed class ImapServerContext
{
    /// <summary>Names, limits and timeouts.</summary>
    public required ImapServerOptions Options { get; init; }

    /// <summary>Users (the authenticated name is looked up here).</summary>
    public required IAccountStore Accounts { get; init; }

    /// <summary>The users' mailboxes and messages.</summary>
    public required IMailStore Mail { get; init; }

    /// <summary>Mailboxes and messages with IMAP semantics (flags, MODSEQ, copies, expunges, quota).</summary>
    public required IMailboxStore Mailboxes { get; init; }

    /// <summary>Checks LOGIN and AUTHENTICATE credentials (the mechanisms SMTP and POP3 use too).</summary>
    public required SaslMechanismFactory Sasl { get; init; }

    /// <summary>TLS settings for STARTTLS and implicit TLS; null when the server has no certificate.</summary>
    public SslServerAuthenticationOptions? Tls { get; init; }

    /// <summary>Slows down repeated authentication failures from one address (shared with SMTP and POP3).</summary>
    public AuthFailureThrottle? AuthThrottle { get; init; }

    /// <summary>Which messages are \Recent, and for which session (IMAP4rev1).</summary>
    public Selected.RecentMessages Recent { get; } = new();

    /// <summary>Clock for timeouts and delays.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Session logging.</summary>
    public required ILogger Logger { get; init; }
}
