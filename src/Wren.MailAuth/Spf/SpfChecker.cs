using System.Net;
using Wren.Mail.Dns;

namespace Wren.MailAuth.Spf;

/// <summary>
/// Sender Policy Framework (RFC 7208): may this client send mail for this domain? <see cref="CheckMailFromAsync"/>
/// and <see cref="CheckHeloAsync"/> check the two identities of §2.3 and §2.4; <see cref="CheckHostAsync"/> is the
/// check_host() function of §4 itself. Every DNS answer and every record, however malformed, ends in an
/// <see cref="SpfResult"/>; only the caller's cancellation throws. One instance serves concurrent checks.
/// </summary>
public sealed class SpfChecker
{
    private const string MailFromIdentity = "mailfrom";
    private const string HeloIdentity = "helo";

    private readonly IDnsResolver _dns;
    private readonly SpfOptions _options;

    /// <summary>Creates a checker that asks <paramref name="dns"/>, within <paramref name="options"/> (RFC 7208's limits by default).</summary>
    public SpfChecker(IDnsResolver dns, SpfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dns);
        _dns = dns;
        _options = options ?? new SpfOptions();
    }

    /// <summary>
    /// Checks the MAIL FROM identity (RFC 7208 §2.4): the domain of <paramref name="mailFromAddress"/>, or, for a
    /// null reverse-path (null or empty), postmaster@<paramref name="heloName"/>.
    /// </summary>
    /// <param name="client">The SMTP client's address.</param>
    /// <param name="mailFromAddress">The MAIL FROM address without angle brackets; null or "" for &lt;&gt;.</param>
    /// <param name="heloName">The name the client gave in HELO/EHLO.</param>
    /// <param name="cancellationToken">Cancels the check (the method then throws <see cref="OperationCanceledException"/>).</param>
    public Task<SpfResult> CheckMailFromAsync(IPAddress client, string? mailFromAddress, string heloName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(heloName);
        // RFC 7208 §2.4: with a null reverse-path the MAIL FROM identity is postmaster@<HELO identity>.
        if (string.IsNullOrEmpty(mailFromAddress))
            return CheckAsync(client, heloName, "postmaster@" + heloName, heloName, MailFromIdentity, cancellationToken);
        return CheckAsync(client, DomainOf(mailFromAddress), mailFromAddress, heloName, MailFromIdentity, cancellationToken);
    }

    /// <summary>
    /// Checks the HELO identity (RFC 7208 §2.3): the HELO/EHLO name, with postmaster@<paramref name="heloName"/> as
    /// the sender. An address literal or a single-label name gives <see cref="SpfVerdict.None"/> (§4.3).
    /// </summary>
    /// <param name="client">The SMTP client's address.</param>
    /// <param name="heloName">The name the client gave in HELO/EHLO.</param>
    /// <param name="cancellationToken">Cancels the check (the method then throws <see cref="OperationCanceledException"/>).</param>
    public Task<SpfResult> CheckHeloAsync(IPAddress client, string heloName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(heloName);
        return CheckAsync(client, heloName, "postmaster@" + heloName, heloName, HeloIdentity, cancellationToken);
    }

    /// <summary>
    /// check_host() (RFC 7208 §4): the result of <paramref name="domain"/>'s SPF record for <paramref name="client"/>.
    /// The result's <see cref="SpfResult.Identity"/> is "mailfrom".
    /// </summary>
    /// <param name="client">&lt;ip&gt;: the SMTP client's address (IPv4-mapped IPv6 addresses count as IPv4, §5).</param>
    /// <param name="domain">&lt;domain&gt;: the domain whose record is checked.</param>
    /// <param name="sender">&lt;sender&gt;: the MAIL FROM or HELO identity, local-part@domain (a missing local-part is "postmaster", §4.3).</param>
    /// <param name="heloDomain">The HELO/EHLO name, for the %{h} macro.</param>
    /// <param name="cancellationToken">Cancels the check (the method then throws <see cref="OperationCanceledException"/>).</param>
    public Task<SpfResult> CheckHostAsync(IPAddress client, string domain, string sender, string heloDomain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(heloDomain);
        return CheckAsync(client, domain, sender, heloDomain, MailFromIdentity, cancellationToken);
    }

    private async Task<SpfResult> CheckAsync(IPAddress client, string domain, string sender, string helo, string identity,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using CancellationTokenSource? timeout = _options.Timeout is { } limit
            ? new CancellationTokenSource(limit, _options.TimeProvider)
            : null;
        using CancellationTokenSource? linked = timeout is null
            ? null
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var evaluation = new SpfEvaluation(_dns, _options, ContextFor(client, domain, sender, helo), linked?.Token ?? cancellationToken);
        try
        {
            SpfOutcome outcome = await evaluation.CheckHostAsync(domain, explain: true).ConfigureAwait(false);
            return new SpfResult(outcome.Verdict, domain, identity, outcome.Explanation, outcome.Problem);
        }
        catch (SpfAbortException e)
        {
            return new SpfResult(e.Verdict, domain, identity, Problem: e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timeout is { IsCancellationRequested: true })
        {
            // RFC 7208 §4.6.4: a check that takes longer than the time limit is a temperror.
            return new SpfResult(SpfVerdict.TempError, domain, identity, Problem: $"not done within {_options.Timeout} (RFC 7208 §4.6.4)");
        }
    }

    private SpfMacroContext ContextFor(IPAddress client, string domain, string sender, string helo)
    {
        int at = sender.LastIndexOf('@');
        string local = at < 0 ? "" : sender[..at];
        string senderDomain = at < 0 ? domain : sender[(at + 1)..];
        // RFC 7208 §4.3: a sender without a local-part is treated as postmaster@domain.
        if (local.Length == 0)
            local = "postmaster";
        return new SpfMacroContext(
            Sender: local + "@" + senderDomain,
            LocalPart: local,
            SenderDomain: senderDomain,
            Domain: domain,
            Client: SpfAddress.Normalize(client),
            Helo: helo,
            ReceiverName: _options.ReceiverName,
            Timestamp: _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds());
    }

    private static string DomainOf(string address)
    {
        int at = address.LastIndexOf('@');
        return at < 0 ? address : address[(at + 1)..];
    }
}
