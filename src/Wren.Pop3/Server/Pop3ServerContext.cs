using System.Net.Security;
using Microsoft.Extensions.Logging;
using Wren.Net.Limits;
using Wren.Net.Sasl;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Pop3.Server;

/// <summary>Everything a POP3 session needs from the server that hosts it, shared by all sessions.</summary>
public sealed class Pop3ServerContext
{
    /// <summary>Names, limits and timeouts.</summary>
    public required Pop3ServerOptions Options { get; init; }

    /// <summary>Users (the authenticated name is looked up here).</summary>
    public required IAccountStore Accounts { get; init; }

    /// <summary>The maildrops (each user's INBOX).</summary>
    public required IMailStore Mail { get; init; }

    /// <summary>Checks USER/PASS and AUTH credentials; POP3 offers its PLAIN and SCRAM-SHA-256 mechanisms.</summary>
    public required SaslMechanismFactory Sasl { get; init; }

    /// <summary>TLS settings for STLS and implicit TLS; null when the server has no certificate.</summary>
    public SslServerAuthenticationOptions? Tls { get; init; }

    /// <summary>Slows down repeated authentication failures from one address (shared with SMTP).</summary>
    public AuthFailureThrottle? AuthThrottle { get; init; }

    /// <summary>One session per maildrop.</summary>
    public MaildropLocks Locks { get; init; } = new();

    /// <summary>Clock for timeouts and delays.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Session logging.</summary>
    public required ILogger Logger { get; init; }
}
