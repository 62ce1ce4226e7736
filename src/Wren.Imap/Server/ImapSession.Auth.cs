using System.Text;
using Microsoft.Extensions.Logging;
using Wren.Imap.Protocol;
using Wren.Net.Sasl;
using Wren.Store.Accounts;

namespace Wren.Imap.Server;

// RFC 9051 §6.2: the not-authenticated state's commands. Credentials are checked by Wren.Net's SASL
// mechanisms (the ones SMTP and POP3 use), failures are slowed down by the shared throttle.
public sealed partial class ImapSession
{
    /// <summary>RFC 9051 §11.1, RFC 8314 §3: credentials only under TLS (or where configured for tests).</summary>
    private bool AuthAllowed => Info.IsSecure || _options.AllowInsecureAuth;

    /// <summary>STARTTLS is possible: a certificate, and TLS not active yet.</summary>
    private bool CanStartTls => _context.Tls is not null && !Info.IsSecure;

    // RFC 9051 §6.2.1: OK, then the TLS handshake; the state stays not authenticated and the client asks for
    // the capabilities again. What it pipelined after STARTTLS is dropped (StartTlsAsync).
    private async Task StartTlsCommandAsync(ImapCommand command)
    {
        if (!CanStartTls)
        {
            _out.Tagged(command.Tag, ImapCondition.Bad, null, Info.IsSecure ? "TLS is already active" : "STARTTLS is not available");
            return;
        }
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "Begin TLS negotiation now");
        await FlushOutputAsync();
        await StartTlsAsync();
    }

    // RFC 9051 §6.2.2: AUTHENTICATE mechanism [initial-response] (SASL-IR, RFC 4959); challenges are
    // "+ base64", the client answers a line of base64 or "*" to cancel.
    private async Task AuthenticateAsync(AuthenticateCommand command)
    {
        if (!AuthAllowed)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.PrivacyRequired, "Authentication needs TLS: use STARTTLS first");
            return;
        }
        string? name = _mechanisms.FirstOrDefault(m => string.Equals(m, command.Mechanism, StringComparison.OrdinalIgnoreCase));
        if (name is null || !_context.Sasl.TryCreate(name, out ISaslMechanism? mechanism))
        {
            // RFC 9051 §6.2.2: an unsupported mechanism SHOULD get a tagged NO.
            _out.Tagged(command.Tag, ImapCondition.No, null, $"Unsupported authentication mechanism {command.Mechanism}");
            return;
        }
        byte[]? response = command.InitialResponse;
        while (true)
        {
            SaslStep step = await mechanism.StepAsync(response, Token);
            switch (step.Status)
            {
                case SaslStatus.Succeeded:
                    await CompleteLoginAsync(command.Tag, step.User!);
                    return;
                case SaslStatus.Failed:
                    await FailLoginAsync(command.Tag);
                    return;
                case SaslStatus.Malformed:
                    _out.Tagged(command.Tag, ImapCondition.Bad, null, "Malformed authentication exchange");
                    return;
            }
            _out.Continuation(step.Challenge is { Length: > 0 } challenge ? Convert.ToBase64String(challenge) : "");
            ImapSaslResponse answer = await ReadSaslResponseAsync();
            switch (answer.Kind)
            {
                case ImapSaslResponseKind.EndOfInput:
                    State = ImapSessionState.Logout;
                    return;
                case ImapSaslResponseKind.Cancelled:
                    // RFC 9051 §6.2.2: a cancelled exchange is rejected with a tagged BAD.
                    _out.Tagged(command.Tag, ImapCondition.Bad, null, "AUTHENTICATE cancelled");
                    return;
                case ImapSaslResponseKind.Invalid:
                    _out.Tagged(command.Tag, ImapCondition.Bad, null, "Invalid BASE64 in the authentication response");
                    return;
            }
            response = answer.Data;
        }
    }

    // RFC 9051 §6.2.3: LOGIN user password, checked as SASL PLAIN would against the same stored keys; refused
    // without TLS (LOGINDISABLED is advertised then).
    private async Task LoginAsync(LoginCommand command)
    {
        if (!AuthAllowed)
        {
            _out.Tagged(command.Tag, ImapCondition.No, ImapResponseCodes.PrivacyRequired, "LOGIN is disabled until TLS is active: use STARTTLS first");
            return;
        }
        _context.Sasl.TryCreate(SaslMechanismNames.Plain, out ISaslMechanism? plain);
        byte[] message = Encoding.UTF8.GetBytes("\0" + command.UserName + "\0" + command.Password);
        SaslStep step = await plain!.StepAsync(message, Token);
        if (step.Status == SaslStatus.Succeeded)
            await CompleteLoginAsync(command.Tag, step.User!);
        else
            await FailLoginAsync(command.Tag);
    }

    /// <summary>
    /// The credentials were accepted: the session enters the authenticated state. RFC 9051 §6.2.2/§6.2.3: the
    /// tagged OK carries the new capability list (§7.1 CAPABILITY), saving the client a round trip.
    /// </summary>
    private async Task CompleteLoginAsync(string tag, string user)
    {
        UserAccount? account = await _context.Accounts.FindUserAsync(user, Token);
        if (account is null)
        {
            await FailLoginAsync(tag); // deleted between the check and now
            return;
        }
        _context.AuthThrottle?.RegisterSuccess(Info.RemoteEndPoint.Address);
        _account = account;
        Info.User = account.Address;
        State = ImapSessionState.Authenticated;
        _context.Logger.LogInformation("IMAP session {Id}: {User} logged in from {Client}", Info.Id, account.Address, Info.RemoteEndPoint);
        _out.Tagged(tag, ImapCondition.Ok, CapabilityCode(), "Logged in");
    }

    /// <summary>RFC 5530 §3 [AUTHENTICATIONFAILED], after the per-address delay of the shared throttle.</summary>
    private async Task FailLoginAsync(string tag)
    {
        TimeSpan delay = _context.AuthThrottle?.RegisterFailure(Info.RemoteEndPoint.Address) ?? TimeSpan.Zero;
        if (delay > TimeSpan.Zero)
        {
            await FlushOutputAsync();
            await _context.AuthThrottle!.DelayAsync(delay, Token);
        }
        _context.Logger.LogInformation("IMAP session {Id}: authentication failed from {Client}", Info.Id, Info.RemoteEndPoint);
        _out.Tagged(tag, ImapCondition.No, ImapResponseCodes.AuthenticationFailed, "Authentication failed");
    }
}
