namespace Wren.Smtp.Server;

/// <summary>What a listening port is for; it decides TLS and authentication rules.</summary>
public enum SmtpListenerRole
{
    /// <summary>Incoming mail from other servers (port 25): no AUTH, STARTTLS offered, local recipients only.</summary>
    Relay,
    /// <summary>RFC 6409 submission (port 587): STARTTLS, and AUTH required before MAIL.</summary>
    Submission,
    /// <summary>RFC 8314 submission over implicit TLS (port 465): AUTH required before MAIL.</summary>
    Submissions,
}
