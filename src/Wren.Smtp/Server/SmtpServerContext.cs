using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Logging;
using Wren.Net.Limits;
using Wren.Net.Sasl;

namespace Wren.Smtp.Server;

/// <summary>Everything a session needs from the server that hosts it, shared by all sessions.</summary>
public sealed class SmtpServerContext
{
    /// <summary>Names and limits.</summary>
    public required SmtpServerOptions Options { get; init; }

    /// <summary>Policy and sink.</summary>
    public required ISmtpMessageHandler Handler { get; init; }

    /// <summary>TLS settings for STARTTLS and implicit TLS; null when the server has no certificate.</summary>
    public SslServerAuthenticationOptions? Tls { get; init; }

    /// <summary>Creates SASL mechanisms for AUTH; null disables AUTH.</summary>
    public SaslMechanismFactory? Sasl { get; init; }

    /// <summary>Slows down repeated authentication failures from one address.</summary>
    public AuthFailureThrottle? AuthThrottle { get; init; }

    /// <summary>Clock for timeouts and Received dates.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Session logging.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>The authentication failure delay for a client, or zero without a throttle.</summary>
    internal TimeSpan RegisterAuthFailure(IPAddress address) => AuthThrottle?.RegisterFailure(address) ?? TimeSpan.Zero;
}
