namespace Wren.Interop.Tests.Imaptest;

/// <summary>Where and as whom the runner connects, and what it assumes of the server.</summary>
public sealed record ImaptestOptions
{
    /// <summary>The server's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The server's IMAP port.</summary>
    public required int Port { get; init; }

    /// <summary>The test user (its mailboxes starting with <see cref="Mailbox"/> are deleted by the scripts).</summary>
    public required string User { get; init; }

    /// <summary>The test user's password.</summary>
    public required string Password { get; init; }

    /// <summary>A second user for scripts with <c>user 2: $user2</c>; those are skipped without one.</summary>
    public string? User2 { get; init; }

    /// <summary>The second user's password (the first user's when null).</summary>
    public string? Password2 { get; init; }

    /// <summary>The test mailbox, <c>$mailbox</c> (imaptest's default: <c>imaptest</c>).</summary>
    public string Mailbox { get; init; } = "imaptest";

    /// <summary>
    /// The capabilities the server advertises after login; null to ask the server once (CAPABILITY after LOGIN).
    /// A script runs only if all its <c>capabilities:</c> are in this list.
    /// </summary>
    public IReadOnlyCollection<string>? Capabilities { get; init; }

    /// <summary>Plain TCP, implicit TLS or STARTTLS.</summary>
    public ImapTlsMode Tls { get; init; } = ImapTlsMode.None;

    /// <summary>Check the server's certificate (off for self-signed test servers).</summary>
    public bool VerifyCertificate { get; init; }

    /// <summary>How long to wait for any one response before failing the script.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Parses <c>host:port:user:pass[:user2[:pass2]]</c> (the <c>WREN_IMAPTEST_SERVER</c> format); returns null for null
    /// or empty text.
    /// </summary>
    public static ImaptestOptions? FromConnectionString(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var parts = text.Split(':');
        if (parts.Length is < 4 or > 6 || !int.TryParse(parts[1], out int port))
            throw new FormatException("Expected host:port:user:pass[:user2[:pass2]], got " + text);
        return new ImaptestOptions
        {
            Host = parts[0],
            Port = port,
            User = parts[2],
            Password = parts[3],
            User2 = parts.Length > 4 && parts[4].Length > 0 ? parts[4] : null,
            Password2 = parts.Length > 5 ? parts[5] : null,
        };
    }
}
