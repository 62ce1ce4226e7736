using System.Net;
using Microsoft.Extensions.Logging;
using MimeKit;
using Wren.Delivery.Signing;
using Wren.Mail.Envelopes;
using Wren.MailAuth.Arc;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.PublicSuffix;
using Wren.MailAuth.Results;
using Wren.MailAuth.Spf;
using Wren.Smtp.Protocol;
using Wren.Smtp.Server;

namespace Wren.Delivery.Inbound;

/// <summary>
/// Wren's mail authentication around the inbound handler. On the MX port: SPF (RFC 7208), DKIM (RFC 6376),
/// ARC (RFC 8617) and DMARC (RFC 7489), one Authentication-Results field (RFC 8601) on top, forged ones
/// claiming Wren's authserv-id removed, the DMARC policy applied, and an ARC set when an alias forwards the
/// message. On submission, and for DSNs: DKIM signatures with the author domain's keys.
/// </summary>
public sealed class MailAuthStep : IMessageAuthStep, IMessageSigner
{
    private readonly MailAuthOptions _options;
    private readonly string _authServId;
    private readonly SpfChecker _spf;
    private readonly DkimMessageVerifier _dkim;
    private readonly ArcChainVerifier _arc;
    private readonly DmarcEvaluator _dmarc;
    private readonly PublicSuffixList _suffixes;
    private readonly DkimMessageSigner _signer;
    private readonly IDmarcReportSink? _reports;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the step from its checkers; <paramref name="authServId"/> names this host in Authentication-Results.</summary>
    public MailAuthStep(MailAuthOptions options, string authServId, SpfChecker spf, DkimMessageVerifier dkim, ArcChainVerifier arc,
        DmarcEvaluator dmarc, PublicSuffixList suffixes, DkimMessageSigner signer, IDmarcReportSink? reports, TimeProvider time, ILogger logger)
    {
        _options = options;
        _authServId = authServId;
        _spf = spf;
        _dkim = dkim;
        _arc = arc;
        _dmarc = dmarc;
        _suffixes = suffixes;
        _signer = signer;
        _reports = reports;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<MessageAuthOutcome> CheckInboundAsync(SmtpSessionInfo session, Envelope envelope, string? forwardingDomain,
        Stream content, CancellationToken cancellationToken)
    {
        // RFC 8601 §5: fields claiming our authserv-id were not written by us; they go whatever else happens.
        Func<string, string, bool> dropForged = (name, value) =>
            name.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase)
            && AuthenticationResultsField.ClaimsAuthServId(value, _authServId);
        if (!_options.Verify)
            return new MessageAuthOutcome("", dropForged);

        MimeMessage message = await MimeMessage.LoadAsync(ParserOptions.Default, content, persistent: true, cancellationToken);
        IPAddress client = session.RemoteEndPoint.Address.IsIPv4MappedToIPv6
            ? session.RemoteEndPoint.Address.MapToIPv4() : session.RemoteEndPoint.Address;
        MailAuthVerdicts verdicts = await VerifyAsync(message, client, session.HeloName, envelope, cancellationToken);

        var builder = new AuthenticationResultsBuilder(_authServId).AddSpf(verdicts.Spf);
        if (verdicts.Helo is { } heloResult)
            builder.AddSpf(heloResult);
        string results = builder.AddDkim(verdicts.Dkim).AddDmarc(verdicts.Dmarc).AddArc(verdicts.Arc, client).Build();
        (SmtpReply? refusal, bool quarantine) = MailAuthPolicy.Decide(verdicts, _options);
        _logger.LogInformation(
            "Session {Session}: spf={Spf} dkim={Dkim} arc={Arc} dmarc={Dmarc} from={From} → {Decision}",
            session.Id, Name(verdicts.Spf.Verdict), verdicts.Dkim.Count == 0 ? "none" : string.Join(',', verdicts.Dkim.Select(d => Name(d.Verdict))), Name(verdicts.Arc.Verdict),
            Name(verdicts.Dmarc.Verdict), verdicts.Dmarc.FromDomain ?? "?",
            refusal is not null ? $"{refusal.Code} {refusal.EnhancedCode}" : quarantine ? "Junk" : "deliver");
        await RecordForReportsAsync(verdicts, client, envelope, cancellationToken);
        if (refusal is not null)
            return new MessageAuthOutcome("", dropForged, refusal);

        string arcSet = forwardingDomain is not null && _options.ArcSeal
            ? await SealAsync(message, forwardingDomain, results, verdicts.Arc, cancellationToken)
            : "";
        return new MessageAuthOutcome(arcSet + results, dropForged, Quarantine: quarantine);
    }

    private async Task<MailAuthVerdicts> VerifyAsync(MimeMessage message, IPAddress client, string? helo, Envelope envelope,
        CancellationToken cancellationToken)
    {
        // All DNS work for one message shares one time budget; what is unfinished then is a temperror.
        using var budget = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        CancellationToken token = linked.Token;
        string heloName = string.IsNullOrWhiteSpace(helo) ? client.ToString() : helo;
        string? mailFrom = envelope.Sender?.ToString();

        // RFC 7208 §2.3: the HELO identity is worth checking too (it is cheap: usually one TXT lookup); both at once.
        Task<SpfResult>? heloCheck = mailFrom is null ? null : Bounded(() => _spf.CheckHeloAsync(client, heloName, token),
            () => new SpfResult(SpfVerdict.TempError, heloName, "helo", Problem: "time limit for DNS work reached"), cancellationToken);
        SpfResult spf = await Bounded(() => _spf.CheckMailFromAsync(client, mailFrom, heloName, token),
            () => new SpfResult(SpfVerdict.TempError, envelope.Sender?.Domain ?? heloName, "mailfrom",
                Problem: "time limit for DNS work reached"), cancellationToken);
        SpfResult? heloResult = heloCheck is null ? null : await heloCheck;
        IReadOnlyList<DkimResult> dkim = await Bounded(() => _dkim.VerifyAsync(message, token),
            () => [new DkimResult(DkimVerdict.TempError, null, null, null, Reason: "time limit for DNS work reached")], cancellationToken);
        ArcResult arc = await Bounded(() => _arc.VerifyAsync(message, token),
            () => new ArcResult(ArcVerdict.Fail, 0, Reason: "temperror: time limit for DNS work reached") { TemporaryError = true }, cancellationToken);
        FromDomain from = FromDomainExtractor.Extract(message.Headers);
        DmarcResult dmarc = await Bounded(() => _dmarc.EvaluateAsync(from.Domain, spf, dkim, token),
            () => new DmarcResult(DmarcVerdict.TempError, from.Domain, null, DmarcPolicy.None, DmarcPolicy.None, false, false,
                Problem: "time limit for DNS work reached"), cancellationToken);
        return new MailAuthVerdicts(spf, dkim, arc, dmarc, heloResult);
    }

    /// <summary>Runs one check; when the time budget (not the caller) cancels it, the check's temperror result stands in.</summary>
    private static async Task<T> Bounded<T>(Func<Task<T>> check, Func<T> timedOut, CancellationToken callerToken)
    {
        try
        {
            return await check();
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return timedOut();
        }
    }

    private async Task RecordForReportsAsync(MailAuthVerdicts verdicts, IPAddress client, Envelope envelope, CancellationToken cancellationToken)
    {
        if (_reports is null)
            return;
        DmarcReportRecord? row = DmarcReportRecord.For(verdicts.Dmarc, client, envelope.Sender?.Domain, verdicts.Spf, verdicts.Dkim, _time.GetUtcNow());
        if (row is null)
            return;
        try
        {
            await _reports.RecordAsync(row, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Report rows are statistics: a full disk may lose them, never the message.
            _logger.LogWarning(ex, "Could not record a DMARC report row for {Domain}", row.PolicyDomain);
        }
    }

    /// <summary>RFC 8617 §5.1: the forwarding domain adds its ARC set, with its RSA key; no key, no set.</summary>
    private async Task<string> SealAsync(MimeMessage message, string domain, string results, ArcResult chain, CancellationToken cancellationToken)
    {
        DkimKey? key = (await _signer.ActiveKeysAsync(domain, cancellationToken)).FirstOrDefault(k => k.Algorithm == DkimKeyAlgorithm.Rsa);
        if (key is null)
        {
            _logger.LogInformation("No RSA DKIM key for {Domain}: forwarded mail is not ARC-sealed (wren dkim generate {Domain} --algorithm rsa)", domain, domain);
            return "";
        }
        // The AAR carries this host's results (the field's value after the name).
        string payload = results[(results.IndexOf(':') + 1)..].Replace("\r\n", "").Trim();
        ArcSealResult seal = await new ArcSealer(key.Domain, key.Selector, key.PrivateKey, _time).SealAsync(message, payload, chain.Verdict, cancellationToken);
        if (!seal.Sealed)
            _logger.LogInformation("Forwarded mail not ARC-sealed: {Reason}", seal.Reason);
        return seal.Sealed ? seal.HeaderFields : "";
    }

    /// <inheritdoc />
    public async Task<MessageAuthOutcome> SignSubmissionAsync(SmtpSessionInfo session, Envelope envelope, Stream content,
        CancellationToken cancellationToken) =>
        new(await SignAsync(content, envelope.Sender?.Domain, cancellationToken));

    /// <inheritdoc />
    public Task<string> SignAsync(Stream message, CancellationToken cancellationToken) => SignAsync(message, null, cancellationToken);

    /// <summary>
    /// DKIM-signs for the author (From) domain, or the closest parent domain up to its organizational domain
    /// that has a key (relaxed DMARC alignment accepts it); the envelope sender's domain when From has none.
    /// </summary>
    private async Task<string> SignAsync(Stream content, string? fallbackDomain, CancellationToken cancellationToken)
    {
        if (!_options.Sign)
            return "";
        MimeMessage message = await MimeMessage.LoadAsync(ParserOptions.Default, content, persistent: content.CanSeek, cancellationToken);
        if (!message.Headers.Contains(HeaderId.From))
            return ""; // RFC 6376 §5.4: From must be signed; without it there is nothing to sign for
        string? author = FromDomainExtractor.Extract(message.Headers).Domain ?? fallbackDomain;
        if (author is null)
            return "";
        string organizational = _suffixes.OrganizationalDomain(author);
        for (string domain = author; ; domain = domain[(domain.IndexOf('.') + 1)..])
        {
            IReadOnlyList<DkimKey> keys = await _signer.ActiveKeysAsync(domain, cancellationToken);
            if (keys.Count > 0)
                return _signer.Sign(message, keys);
            if (domain.Equals(organizational, StringComparison.OrdinalIgnoreCase) || !domain.Contains('.'))
                return "";
        }
    }

    private static string Name<T>(T verdict) where T : Enum => verdict.ToString().ToLowerInvariant();
}
