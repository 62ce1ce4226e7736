using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Wren.Delivery.Outbound.Routing;
using Wren.Delivery.Outbound.TlsPolicy;
using Wren.Smtp.Client;
using Wren.Smtp.Protocol;

namespace Wren.Delivery.Outbound;

/// <summary>
/// Delivers over SMTP: to the destination domain's MX hosts in RFC 5321 §5.1 order (or to the smarthost),
/// with the TLS each host's policy demands (DANE, MTA-STS, else opportunistic STARTTLS), one connection
/// carrying job after job. A host that cannot be reached, greets with an error or drops the connection
/// passes the job to the next address; only the remote server's replies to MAIL, RCPT and DATA decide a
/// recipient's fate.
/// </summary>
public sealed class SmtpTransport : IOutboundTransport
{
    // RFC 7435: without a policy any certificate is better than plaintext, so opportunistic TLS checks none.
    private static readonly RemoteCertificateValidationCallback AcceptAny = (_, _, _, _) => true;

    private readonly MxResolver mx;
    private readonly TlsPolicyResolver? tlsPolicy;
    private readonly DeliveryOptions options;
    private readonly SmarthostOptions smarthost;
    private readonly string heloName;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    /// <summary>Creates the transport; <paramref name="tlsPolicy"/> null means opportunistic TLS everywhere.</summary>
    public SmtpTransport(MxResolver mx, TlsPolicyResolver? tlsPolicy, DeliveryOptions options, SmarthostOptions smarthost,
        string heloName, TimeProvider time, ILogger logger)
    {
        this.mx = mx;
        this.tlsPolicy = tlsPolicy;
        this.options = options;
        this.smarthost = smarthost;
        this.heloName = heloName;
        this.time = time;
        this.logger = logger;
    }

    /// <inheritdoc />
    public async Task DeliverAsync(string destination, DeliveryJob first, Func<CancellationToken, ValueTask<DeliveryJob?>> next,
        CancellationToken cancellationToken)
    {
        DeliveryJob? current = first;
        var problem = new Problem("4.4.1", $"no mail server for {destination} could be reached");
        var (candidates, failure) = destination == DestinationNames.Smarthost
            ? (SmarthostCandidates(), null)
            : await MxCandidatesAsync(destination, problem, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            // RFC 7505 null MX, NXDOMAIN, or DNS trouble: the same answer for every job waiting here.
            for (; current is not null; current = await next(cancellationToken).ConfigureAwait(false))
                current.CompleteAll(failure.IsPermanent ? DeliveryResultKind.Failed : DeliveryResultKind.Deferred,
                    failure.EnhancedCode, failure.Text);
            return;
        }

        await foreach (var candidate in candidates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            SmtpClient? client = await ConnectAsync(candidate, problem, cancellationToken).ConfigureAwait(false);
            if (client is null)
                continue;
            await using (client.ConfigureAwait(false))
            {
                while (current is not null && await SendAsync(client, candidate, current, problem, cancellationToken).ConfigureAwait(false))
                    current = await next(cancellationToken).ConfigureAwait(false);
                if (current is null)
                {
                    await QuitQuietlyAsync(client, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        // No server took the rest: try again later, saying why (the last problem seen).
        for (; current is not null; current = await next(cancellationToken).ConfigureAwait(false))
            current.CompleteAll(DeliveryResultKind.Deferred, problem.Status, problem.Text, problem.RemoteMta);
    }

    /// <summary>Where to connect, in order: every address of every usable MX host.</summary>
    private async Task<(IAsyncEnumerable<Candidate> Candidates, RoutingFailure? Failure)> MxCandidatesAsync(string domain, Problem problem,
        CancellationToken cancellationToken)
    {
        MxResolution route = await mx.ResolveAsync(domain, cancellationToken).ConfigureAwait(false);
        if (route.Failure is { } failure)
            return (Empty(), failure);
        DomainTlsPolicy? domainPolicy = tlsPolicy is null ? null : await tlsPolicy.ForDomainAsync(domain, cancellationToken).ConfigureAwait(false);
        return (Candidates(), null);

        async IAsyncEnumerable<Candidate> Candidates()
        {
            foreach (MxHost host in route.Hosts)
            {
                HostTlsPolicy? policy = null;
                if (tlsPolicy is not null && domainPolicy is not null)
                {
                    // RFC 7672 §2.2: TLSA records count only under a secure MX answer and secure host addresses.
                    bool secure = route.Authenticated && host.AddressesAuthenticated;
                    policy = await tlsPolicy.ForHostAsync(domainPolicy, host.Name, secure, options.Port, cancellationToken)
                        .ConfigureAwait(false);
                    if (!policy.HostAllowed || policy.Deferred)
                    {
                        problem.Set("4.7.5", $"{host.Name}: {policy.Description}", host.Name);
                        continue;
                    }
                }
                foreach (IPAddress address in host.Addresses)
                    yield return new Candidate(host.Name, address, options.Port, policy, Smarthost: false);
            }
        }
    }

    private IAsyncEnumerable<Candidate> SmarthostCandidates()
    {
        return One();

        async IAsyncEnumerable<Candidate> One()
        {
            await Task.CompletedTask.ConfigureAwait(false);
            yield return new Candidate(smarthost.Host!, null, smarthost.Port, null, Smarthost: true);
        }
    }

    private static async IAsyncEnumerable<Candidate> Empty()
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    /// <summary>Connects (TLS per policy, AUTH for the smarthost); null when this candidate is no good.</summary>
    private async Task<SmtpClient?> ConnectAsync(Candidate candidate, Problem problem, CancellationToken cancellationToken)
    {
        SmtpClientOptions clientOptions = ClientOptions(candidate, plaintext: false);
        SmtpClient? client = null;
        try
        {
            client = await Dial(candidate, clientOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (SmtpClientException ex) when (ex.Step == SmtpClientStep.Tls && !candidate.RequiresTls)
        {
            // RFC 7435 §6: opportunistic TLS that fails to negotiate falls back to a plaintext connection.
            problem.Set("4.7.5", $"{candidate.Name}: {ex.Message}", candidate.Name);
            try
            {
                client = await Dial(candidate, ClientOptions(candidate, plaintext: true), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception retry) when (retry is SmtpClientException or IOException or SocketException)
            {
                problem.Set(retry, candidate);
                return null;
            }
        }
        catch (Exception ex) when (ex is SmtpClientException or IOException or SocketException)
        {
            problem.Set(ex, candidate, candidate.Policy?.ValidationFailure);
            return null;
        }
        if (!candidate.Smarthost || string.IsNullOrEmpty(smarthost.User))
            return client;
        try
        {
            await client.AuthenticateAsync(smarthost.User, smarthost.Password ?? "", cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (Exception ex) when (ex is SmtpClientException or IOException or SocketException)
        {
            // A refused login is the operator's to fix, not the senders': defer, never bounce.
            problem.Set("4.7.0", $"authentication to the smarthost {candidate.Name} failed: {Describe(ex)}", candidate.Name);
            await client.DisposeAsync().ConfigureAwait(false);
            return null;
        }
    }

    private static Task<SmtpClient> Dial(Candidate candidate, SmtpClientOptions clientOptions, CancellationToken cancellationToken) =>
        candidate.Address is { } address
            ? SmtpClient.ConnectAsync(address, candidate.Port, candidate.Name, clientOptions, cancellationToken)
            : SmtpClient.ConnectAsync(candidate.Name, candidate.Port, clientOptions, cancellationToken);

    private SmtpClientOptions ClientOptions(Candidate candidate, bool plaintext)
    {
        SmtpTlsMode mode;
        RemoteCertificateValidationCallback? validation;
        if (candidate.Smarthost)
        {
            mode = string.Equals(smarthost.Tls, "implicit", StringComparison.OrdinalIgnoreCase) ? SmtpTlsMode.Implicit : SmtpTlsMode.StartTls;
            validation = smarthost.VerifyCertificate ? null : AcceptAny;
        }
        else
        {
            mode = plaintext ? SmtpTlsMode.None : candidate.RequiresTls ? SmtpTlsMode.StartTls : SmtpTlsMode.Opportunistic;
            validation = candidate.Policy?.Validation ?? AcceptAny;
        }
        return new SmtpClientOptions
        {
            LocalHostName = heloName,
            Tls = mode,
            TlsServerName = candidate.Name,
            CertificateValidation = validation,
            ConnectTimeout = options.ConnectTimeout,
            Time = time,
        };
    }

    /// <summary>
    /// Sends one job. Returns true when the job has its outcome (whatever the server said), false when the
    /// connection failed under it (the job is still open, for the next server).
    /// </summary>
    private async Task<bool> SendAsync(SmtpClient client, Candidate candidate, DeliveryJob job, Problem problem, CancellationToken cancellationToken)
    {
        try
        {
            await using QueuedContent content = await job.OpenContentAsync(cancellationToken).ConfigureAwait(false);
            SmtpTransactionResult result = await client.SendAsync(job.Envelope, content, cancellationToken).ConfigureAwait(false);
            bool dsn = client.Capabilities.Dsn;
            var outcomes = new RecipientDeliveryResult[job.Recipients.Count];
            for (int i = 0; i < outcomes.Length; i++)
            {
                SmtpReply reply = i < result.Recipients.Count ? result.Recipients[i].Reply : result.MailReply;
                outcomes[i] = FromReply(job.Recipients[i].Position, reply, candidate.Name, dsn);
            }
            job.Completion.TrySetResult(outcomes);
            return true;
        }
        catch (SmtpClientException ex) when (ex.Reply is null && ex.IsPermanent)
        {
            // Refused before sending: SIZE too small (5.3.4), no SMTPUTF8 (5.6.7), no BINARYMIME (5.6.3).
            job.CompleteAll(DeliveryResultKind.Failed, ex.EnhancedCode ?? "5.0.0", $"{candidate.Name}: {ex.Message}", candidate.Name);
            return true;
        }
        catch (Exception ex) when (ex is SmtpClientException or IOException or SocketException)
        {
            // RFC 5321 §6.1: the message is not ours to drop until the server said 250; try it elsewhere.
            problem.Set(ex, candidate);
            return false;
        }
    }

    private static RecipientDeliveryResult FromReply(int position, SmtpReply reply, string remote, bool dsn)
    {
        var (kind, fallback) = reply.Code switch
        {
            >= 200 and < 300 => (DeliveryResultKind.Delivered, "2.0.0"),
            >= 500 => (DeliveryResultKind.Failed, "5.0.0"),
            _ => (DeliveryResultKind.Deferred, "4.0.0"),
        };
        return new RecipientDeliveryResult(position, kind, reply.EnhancedCode ?? fallback, reply.ToString(), remote, dsn);
    }

    private static async Task QuitQuietlyAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.QuitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmtpClientException or IOException or SocketException)
        {
            // Everything was delivered; a rude goodbye changes nothing.
        }
    }

    private static string Describe(Exception ex) =>
        ex is SmtpClientException { Reply: { } reply } ? $"{ex.Message} (the server said: {reply})" : ex.Message;

    /// <summary>One address to try, with the TLS policy that applies there.</summary>
    private sealed record Candidate(string Name, IPAddress? Address, int Port, HostTlsPolicy? Policy, bool Smarthost)
    {
        public bool RequiresTls => Smarthost || Policy?.RequiresTls == true;
    }

    /// <summary>The last thing that went wrong, reported when no server took the jobs.</summary>
    private sealed class Problem(string status, string text)
    {
        public string Status { get; private set; } = status;
        public string Text { get; private set; } = text;
        public string? RemoteMta { get; private set; }

        public void Set(string status, string text, string? remote)
        {
            Status = status;
            Text = text;
            RemoteMta = remote;
        }

        public void Set(Exception ex, Candidate candidate, string? policyFailure = null)
        {
            string where = candidate.Address is null ? candidate.Name : $"{candidate.Name}[{candidate.Address}]";
            if (ex is SmtpClientException { Reply: { } reply })
                Set(reply.EnhancedCode is { } code && code.StartsWith('4') ? code : "4.4.0", $"{where}: {reply}", candidate.Name);
            else if (policyFailure is not null)
                Set("4.7.5", $"{where}: {policyFailure}", candidate.Name);
            else
                Set("4.4.1", $"{where}: {ex.Message}", candidate.Name);
        }
    }
}
