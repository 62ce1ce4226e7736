namespace Wren.Delivery.Outbound;

/// <summary>
/// <c>Delivery:*</c>: how the outbound queue delivers to other domains' servers — retries, the limits that
/// shape bulk sending per destination, and the port dialled on MX hosts.
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary><c>Delivery:Port</c>: the port dialled on MX hosts (25; tests point it elsewhere).</summary>
    public int Port { get; set; } = 25;

    /// <summary><c>Delivery:HeloName</c>: the EHLO name; the server's <c>Hostname</c> when empty.</summary>
    public string? HeloName { get; set; }

    /// <summary><c>Delivery:RetryInitial</c>: the wait after the first temporary failure; it doubles each round.</summary>
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Delivery:RetryMax</c>: the longest wait between two rounds.</summary>
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(4);

    /// <summary><c>Delivery:GiveUpAfter</c>: time in the queue after which pending recipients fail (RFC 5321 §4.5.4.1: 4–5 days).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary><c>Delivery:DelayNotifyAfter</c>: time in the queue after which the sender gets one "delayed" DSN.</summary>
    public TimeSpan DelayNotifyAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary><c>Delivery:MaxConnectionsPerDomain</c>: concurrent connections to one destination domain.</summary>
    public int MaxConnectionsPerDomain { get; set; } = 10;

    /// <summary><c>Delivery:MaxMessagesPerConnection</c>: messages sent over one connection before it is closed.</summary>
    public int MaxMessagesPerConnection { get; set; } = 100;

    /// <summary>
    /// <c>Delivery:ConnectionIdleTime</c>: how long a connection whose destination has no more mail waiting
    /// stays open for more (postfix: <c>smtp_connection_cache_time_limit</c>, 2 s); zero closes it at once.
    /// </summary>
    public TimeSpan ConnectionIdleTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary><c>Delivery:MessagesPerMinutePerDomain</c>: rate limit per destination domain; 0 for none.</summary>
    public int MessagesPerMinutePerDomain { get; set; }

    /// <summary><c>Delivery:MaxConcurrentMessages</c>: queue entries in delivery at once (bounds memory).</summary>
    public int MaxConcurrentMessages { get; set; } = 2000;

    /// <summary><c>Delivery:PollInterval</c>: the longest the scheduler sleeps, so <c>wren queue retry</c> from another process is seen.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Delivery:ReturnFullMaxSize</c>: largest original a RET=FULL bounce returns whole; above it, headers only.</summary>
    public long ReturnFullMaxSize { get; set; } = 1024 * 1024;

    /// <summary><c>Delivery:ConnectTimeout</c>: the TCP connect timeout per address.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>Smarthost:*</c>: relay everything through one upstream server ("send through my provider").</summary>
public sealed class SmarthostOptions
{
    /// <summary><c>Smarthost:Host</c>: the upstream host; empty for direct MX delivery.</summary>
    public string? Host { get; set; }

    /// <summary><c>Smarthost:Port</c>: its port (587 by default).</summary>
    public int Port { get; set; } = 587;

    /// <summary><c>Smarthost:Tls</c>: <c>starttls</c> (required) or <c>implicit</c> (RFC 8314).</summary>
    public string Tls { get; set; } = "starttls";

    /// <summary><c>Smarthost:User</c>: the AUTH user, if the upstream requires it.</summary>
    public string? User { get; set; }

    /// <summary><c>Smarthost:Password</c>: the AUTH password.</summary>
    public string? Password { get; set; }

    /// <summary><c>Smarthost:VerifyCertificate</c>: check the upstream's certificate (turn off only for tests).</summary>
    public bool VerifyCertificate { get; set; } = true;

    /// <summary>True when a smarthost is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
