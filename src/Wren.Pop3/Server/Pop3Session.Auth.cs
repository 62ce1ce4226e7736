using System.Text;
using Microsoft.Extensions.Logging;
using Wren.Net.Sasl;
using Wren.Pop3.Protocol;
using Wren.Store.Accounts;
using Wren.Store.Messages;

namespace Wren.Pop3.Server;

public sealed partial class Pop3Session
{
    private const string Inbox = "INBOX";

    private string? _pendingUser;
    private bool _utf8;

    // RFC 1939 §7 USER: the name is remembered for PASS; whether it exists is never told.
    private void User(string argument)
    {
        if (InTransaction)
        {
            Reply(Pop3Replies.AlreadyAuthenticated);
            return;
        }
        if (!PlainAuthAllowed)
        {
            Reply(Pop3Replies.EncryptionRequired);
            return;
        }
        string name = argument.Trim();
        if (name.Length == 0 || name.Contains(' '))
        {
            Reply(Pop3Replies.SyntaxError);
            return;
        }
        // RFC 6856 §2: UTF-8 user names after the UTF8 command.
        if (!_utf8 && !Ascii.IsValid(name))
        {
            Reply(Pop3Replies.Utf8Required);
            return;
        }
        _pendingUser = name;
        Reply(Pop3Replies.SendPass);
    }

    // RFC 1939 §7 PASS: the password is the rest of the line, spaces included. Checked as SASL PLAIN would,
    // against the same stored SCRAM keys.
    private async Task PassAsync(string argument)
    {
        if (InTransaction)
        {
            Reply(Pop3Replies.AlreadyAuthenticated);
            return;
        }
        if (!PlainAuthAllowed)
        {
            Reply(Pop3Replies.EncryptionRequired);
            return;
        }
        if (_pendingUser is not { } user)
        {
            Reply(Pop3Replies.UserFirst);
            return;
        }
        _pendingUser = null;
        if (!_utf8 && !Ascii.IsValid(argument))
        {
            Reply(Pop3Replies.Utf8Required);
            return;
        }
        _context.Sasl.TryCreate(SaslMechanismNames.Plain, out ISaslMechanism? plain);
        byte[] message = Encoding.UTF8.GetBytes("\0" + user + "\0" + argument);
        SaslStep step = await plain!.StepAsync(message, _connection.Token);
        if (step.Status == SaslStatus.Succeeded)
            await LoginAsync(step.User!);
        else
            await FailAuthenticationAsync();
    }

    // RFC 5034 §4: AUTH mechanism [initial-response]; challenges are "+ base64", "*" cancels.
    private async Task AuthAsync(string argument)
    {
        if (InTransaction)
        {
            Reply(Pop3Replies.AlreadyAuthenticated);
            return;
        }
        string[] parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            // RFC 1734 style, still used by some clients: AUTH alone lists the mechanisms.
            WriteLine(Pop3Replies.MechanismsFollow);
            foreach (string name in OfferedMechanisms)
                WriteLine(name);
            WriteLine(".");
            return;
        }
        if (parts.Length > 2)
        {
            Reply(Pop3Replies.SyntaxError);
            return;
        }
        string? mechanismName = OfferedMechanisms.FirstOrDefault(m => string.Equals(m, parts[0], StringComparison.OrdinalIgnoreCase));
        if (mechanismName is null || !_context.Sasl.TryCreate(mechanismName, out ISaslMechanism? mechanism))
        {
            bool plainWithoutTls = string.Equals(parts[0], SaslMechanismNames.Plain, StringComparison.OrdinalIgnoreCase);
            Reply(plainWithoutTls ? Pop3Replies.EncryptionRequired : Pop3Replies.UnknownMechanism);
            return;
        }
        byte[]? response = null;
        if (parts.Length == 2)
        {
            // RFC 5034 §4: "=" is an empty initial response.
            response = parts[1] == "=" ? [] : DecodeBase64(parts[1]);
            if (response is null)
            {
                Reply(Pop3Replies.BadAuthData);
                return;
            }
        }
        while (true)
        {
            SaslStep step = await mechanism.StepAsync(response, _connection.Token);
            switch (step.Status)
            {
                case SaslStatus.Succeeded:
                    await LoginAsync(step.User!);
                    return;
                case SaslStatus.Failed:
                    await FailAuthenticationAsync();
                    return;
                case SaslStatus.Malformed:
                    Reply(Pop3Replies.BadAuthData);
                    return;
            }
            WriteLine(step.Challenge is { Length: > 0 } challenge ? "+ " + Convert.ToBase64String(challenge) : Pop3Replies.EmptyChallenge);
            (string? line, bool tooLong) = await ReadLineAsync(_options.MaxAuthLineLength);
            if (tooLong)
            {
                Reply(Pop3Replies.LineTooLong);
                return;
            }
            if (line is null)
            {
                _quit = true;
                return;
            }
            if (line.Trim() == "*")
            {
                Reply(Pop3Replies.AuthCancelled);
                return;
            }
            response = DecodeBase64(line.Trim());
            if (response is null)
            {
                Reply(Pop3Replies.BadAuthData);
                return;
            }
        }
    }

    /// <summary>
    /// After the credentials were accepted: RFC 1939 §8 locks the maildrop (a second session gets
    /// [IN-USE], RFC 2449 §8.1.1) and fixes its listing, and the session enters TRANSACTION.
    /// </summary>
    private async Task LoginAsync(string user)
    {
        UserAccount? account = await _context.Accounts.FindUserAsync(user, _connection.Token);
        if (account is null)
        {
            await FailAuthenticationAsync(); // deleted between the check and now
            return;
        }
        _context.AuthThrottle?.RegisterSuccess(Info.RemoteEndPoint.Address);
        if (!_context.Locks.TryAcquire(account.Id, out IDisposable? lease))
        {
            Reply(Pop3Replies.InUse);
            return;
        }
        MailboxListing? listing;
        try
        {
            listing = await _context.Mail.ListMailboxAsync(account.Id, Inbox, _connection.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _context.Logger.LogError(ex, "POP3 session {Id}: could not open {User}'s maildrop", Info.Id, account.Address);
            listing = null;
        }
        if (listing is null)
        {
            lease.Dispose();
            Reply(Pop3Replies.MaildropUnavailable);
            return;
        }
        _maildropLease = lease;
        _maildrop = Maildrop.Open(account.Id, listing);
        Info.User = account.Address;
        _context.Logger.LogInformation("POP3 session {Id}: {User} logged in from {Client}", Info.Id, account.Address, Info.RemoteEndPoint);
        Reply(Pop3Replies.LoggedIn(_maildrop.LiveCount, _maildrop.LiveSize));
    }

    /// <summary>RFC 3206 §4 [AUTH], after the per-address delay (the same throttle as SMTP AUTH).</summary>
    private async Task FailAuthenticationAsync()
    {
        TimeSpan delay = _context.AuthThrottle?.RegisterFailure(Info.RemoteEndPoint.Address) ?? TimeSpan.Zero;
        if (delay > TimeSpan.Zero)
        {
            await FlushAsync();
            await Task.Delay(delay, _context.Time, _connection.Token);
        }
        Reply(Pop3Replies.AuthFailed);
    }

    private static byte[]? DecodeBase64(string text)
    {
        byte[] buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out int written) ? buffer[..written] : null;
    }
}
