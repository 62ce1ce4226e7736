using Wren.Delivery.Outbound;
using Wren.Imap.Server;
using Wren.Mail.Dns;

namespace Wren.Server.Configuration;

/// <summary>
/// Checks the settings that binding alone cannot: values a server would otherwise only trip over later
/// (the first outbound message, the first DNS question). <c>wren serve</c> refuses to start with them.
/// </summary>
public static class WrenSettingsValidator
{
    /// <summary>Throws <see cref="FormatException"/> naming the first bad key.</summary>
    public static void Validate(WrenSettings settings)
    {
        for (int i = 0; i < settings.Dns.Servers.Count; i++)
        {
            string server = settings.Dns.Servers[i];
            if (string.IsNullOrWhiteSpace(server))
                continue;
            try
            {
                DnsClientResolver.ParseServer(server);
            }
            catch (ArgumentException)
            {
                throw new FormatException($"Dns:Servers:{i} is '{server}'; expected address[:port], such as 127.0.0.1:53.");
            }
        }
        Require(settings.Dns.Timeout > TimeSpan.Zero, "Dns:Timeout must be positive.");

        DeliveryOptions delivery = settings.Delivery;
        Require(delivery.Port is > 0 and <= 65535, "Delivery:Port must be a port number (1-65535).");
        Require(delivery.RetryInitial > TimeSpan.Zero, "Delivery:RetryInitial must be positive.");
        Require(delivery.RetryMax >= delivery.RetryInitial, "Delivery:RetryMax must be at least Delivery:RetryInitial.");
        Require(delivery.GiveUpAfter > TimeSpan.Zero, "Delivery:GiveUpAfter must be positive.");
        Require(delivery.PollInterval > TimeSpan.Zero, "Delivery:PollInterval must be positive.");
        Require(delivery.ConnectTimeout > TimeSpan.Zero, "Delivery:ConnectTimeout must be positive.");
        Require(delivery.MaxConnectionsPerDomain >= 1, "Delivery:MaxConnectionsPerDomain must be at least 1.");
        Require(delivery.MaxMessagesPerConnection >= 1, "Delivery:MaxMessagesPerConnection must be at least 1.");
        Require(delivery.ConnectionIdleTime >= TimeSpan.Zero, "Delivery:ConnectionIdleTime must be zero or more.");
        Require(delivery.MaxConcurrentMessages >= 1, "Delivery:MaxConcurrentMessages must be at least 1.");
        Require(delivery.MessagesPerMinutePerDomain >= 0, "Delivery:MessagesPerMinutePerDomain must be 0 (no limit) or more.");

        Require(string.IsNullOrWhiteSpace(settings.PublicAddress) || System.Net.IPAddress.TryParse(settings.PublicAddress, out _),
            $"PublicAddress is '{settings.PublicAddress}'; expected an IPv4 or IPv6 address.");
        Require(settings.MailAuth.Timeout > TimeSpan.Zero, "MailAuth:Timeout must be positive.");
        Require(settings.MailAuth.MaxDkimSignatures >= 1, "MailAuth:MaxDkimSignatures must be at least 1.");

        try
        {
            Require(settings.Quota.StorageBytes is null or >= 0, "Quota:Storage must be a size, such as 500M or 2G.");
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Quota:Storage: {ex.Message}");
        }
        Require(settings.Quota.Messages is null or >= 0, "Quota:Messages must be 0 or more.");

        ImapServerOptions imap = settings.Imap;
        Require(imap.IdleTimeout > TimeSpan.Zero, "Imap:IdleTimeout must be positive (RFC 9051 §5.4 asks for at least 30 minutes).");
        Require(imap.LoginTimeout > TimeSpan.Zero, "Imap:LoginTimeout must be positive.");
        Require(imap.TlsHandshakeTimeout > TimeSpan.Zero, "Imap:TlsHandshakeTimeout must be positive.");
        Require(imap.MaxErrors >= 1, "Imap:MaxErrors must be at least 1.");
        // RFC 9051 §4: a server should accept lines of at least 8192 octets.
        Require(imap.MaxLineLength >= 8192, "Imap:MaxLineLength must be at least 8192.");
        Require(imap.MaxLiteralSize >= 1, "Imap:MaxLiteralSize must be at least 1.");
        Require(imap.MaxCommandSize >= imap.MaxLineLength, "Imap:MaxCommandSize must be at least Imap:MaxLineLength.");
        Require(imap.MaxMessageSize >= 1, "Imap:MaxMessageSize must be at least 1.");

        SmarthostOptions smarthost = settings.Smarthost;
        if (smarthost.Enabled)
        {
            Require(smarthost.Tls is { } tls && (tls.Equals("starttls", StringComparison.OrdinalIgnoreCase)
                    || tls.Equals("implicit", StringComparison.OrdinalIgnoreCase)),
                $"Smarthost:Tls is '{smarthost.Tls}'; expected starttls or implicit.");
            Require(smarthost.Port is > 0 and <= 65535, "Smarthost:Port must be a port number (1-65535).");
            Require(string.IsNullOrEmpty(smarthost.User) == string.IsNullOrEmpty(smarthost.Password),
                "Smarthost:User and Smarthost:Password go together.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new FormatException(message);
    }
}
