using Microsoft.Extensions.Logging;
using Wren.Net.Sasl;
using Wren.Pop3.Protocol;

namespace Wren.Pop3.Server;

public sealed partial class Pop3Session
{
    private Maildrop? _maildrop;
    private IDisposable? _maildropLease;

    /// <summary>RFC 1939 §3: AUTHORIZATION until a login succeeds, then TRANSACTION.</summary>
    private bool InTransaction => _maildrop is not null;

    /// <summary>RFC 2595 §6 / RFC 8314 §3: passwords in the clear only under TLS (or where configured for tests).</summary>
    private bool PlainAuthAllowed => Info.IsSecure || _options.AllowInsecureAuth;

    private bool TlsAvailable => _context.Tls is not null && !Info.IsSecure;

    /// <summary>The SASL mechanisms offered now: SCRAM-SHA-256 always, PLAIN only where passwords may be sent.</summary>
    private IEnumerable<string> OfferedMechanisms =>
        PlainAuthAllowed ? [SaslMechanismNames.Plain, SaslMechanismNames.ScramSha256] : [SaslMechanismNames.ScramSha256];

    private Task ExecuteAsync(string verb, string argument) => verb switch
    {
        "CAPA" => Done(Capa),
        "QUIT" => QuitAsync(),
        "STLS" => StlsAsync(),
        "UTF8" => Done(Utf8),
        "USER" => Done(() => User(argument)),
        "PASS" => PassAsync(argument),
        "AUTH" => AuthAsync(argument),
        "STAT" or "LIST" or "RETR" or "DELE" or "NOOP" or "RSET" or "TOP" or "UIDL" when !InTransaction =>
            Done(() => Reply(Pop3Replies.NotAuthenticated)),
        "STAT" => Done(() => Stat(argument)),
        "LIST" => Done(() => List(argument)),
        "UIDL" => Done(() => Uidl(argument)),
        "RETR" => RetrAsync(argument),
        "TOP" => TopAsync(argument),
        "DELE" => Done(() => Dele(argument)),
        "NOOP" => Done(() => Reply(Pop3Replies.Ok)),
        "RSET" => Done(Rset),
        // APOP (RFC 1939 §7) is not offered: it needs the clear-text password on the server.
        _ => Done(() => Reply(Pop3Replies.UnknownCommand)),
    };

    private static Task Done(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    // RFC 2449 §5: CAPA, valid in both states; the list says what is possible now.
    private void Capa()
    {
        WriteLine(Pop3Replies.CapabilitiesFollow);
        WriteLine("TOP");                                   // RFC 2449 §6.1
        WriteLine("UIDL");                                  // RFC 2449 §6.2
        WriteLine("RESP-CODES");                            // RFC 2449 §6.4
        WriteLine("AUTH-RESP-CODE");                        // RFC 3206 §6
        WriteLine("PIPELINING");                            // RFC 2449 §6.6
        if (!InTransaction)
        {
            if (PlainAuthAllowed)
                WriteLine("USER");                          // RFC 2449 §6.8
            WriteLine("SASL " + string.Join(' ', OfferedMechanisms)); // RFC 2449 §6.3, RFC 5034 §3
            if (TlsAvailable)
                WriteLine("STLS");                          // RFC 2595 §4
            WriteLine("UTF8 USER");                         // RFC 6856 §2
        }
        WriteLine("IMPLEMENTATION Wren");                   // RFC 2449 §6.9
        WriteLine(".");
    }

    // RFC 2595 §4: STLS only in the AUTHORIZATION state, and only once.
    private async Task StlsAsync()
    {
        if (InTransaction)
        {
            Reply(Pop3Replies.AlreadyAuthenticated);
            return;
        }
        if (Info.IsSecure)
        {
            Reply(Pop3Replies.TlsActive);
            return;
        }
        if (_context.Tls is null)
        {
            Reply(Pop3Replies.TlsNotAvailable);
            return;
        }
        WriteLine(Pop3Replies.BeginTls);
        await FlushAsync();
        await StartTlsAsync();
        // RFC 2595 §4: what the client said before TLS is forgotten.
        _pendingUser = null;
        _utf8 = false;
    }

    // RFC 6856 §2: UTF8 in the AUTHORIZATION state allows UTF-8 user names and passwords. Messages are sent
    // as stored either way (Wren keeps them as they arrived; SMTPUTF8 mail is already UTF-8).
    private void Utf8()
    {
        if (InTransaction)
        {
            Reply(Pop3Replies.AlreadyAuthenticated);
            return;
        }
        _utf8 = true;
        Reply(Pop3Replies.Utf8Enabled);
    }

    // RFC 1939 §6: QUIT in TRANSACTION enters the UPDATE state: the marked messages are removed, atomically
    // and durably, before +OK. Any other end of the session (a dropped connection, autologout, shutdown)
    // deletes nothing.
    private async Task QuitAsync()
    {
        _quit = true;
        if (_maildrop is null)
        {
            Reply(Pop3Replies.Bye);
            return;
        }
        IReadOnlyList<long> doomed = _maildrop.DeletedMessageIds();
        try
        {
            if (doomed.Count > 0)
                await _context.Mail.ExpungeAsync(_maildrop.UserId, _maildrop.MailboxId, doomed, CancellationToken.None);
            Reply(Pop3Replies.ByeAfterUpdate(doomed.Count));
        }
        catch (Exception ex)
        {
            // Not even a store closing for shutdown may leave the client thinking its deletions happened.
            _context.Logger.LogError(ex, "POP3 session {Id}: UPDATE of {User}'s maildrop failed", Info.Id, Info.User);
            Reply(Pop3Replies.UpdateFailed);
        }
        finally
        {
            ReleaseMaildrop();
        }
    }

    private void ReleaseMaildrop()
    {
        _maildropLease?.Dispose();
        _maildropLease = null;
    }
}
