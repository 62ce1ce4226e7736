using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

public sealed partial class SmtpSession
{
    private Task ExecuteAsync(string verb, string argument) => verb switch
    {
        "EHLO" => HeloAsync(argument, extended: true),
        "HELO" => HeloAsync(argument, extended: false),
        "MAIL" => MailAsync(argument),
        "RCPT" => RcptAsync(argument),
        "DATA" => DataAsync(argument),
        "BDAT" => BdatAsync(argument),
        "RSET" => RsetAsync(argument),
        "NOOP" => ReplyAsync(SmtpReplies.Ok).AsTask(),
        "QUIT" => QuitAsync(),
        "VRFY" => argument.Length == 0 ? ReplyAsync(SmtpReplies.SyntaxError).AsTask() : ReplyAsync(SmtpReplies.CannotVerify).AsTask(),
        "EXPN" or "TURN" or "ETRN" => ReplyAsync(SmtpReplies.NotImplemented).AsTask(),
        "HELP" => ReplyAsync(SmtpReplies.Help).AsTask(),
        "STARTTLS" => StartTlsCommandAsync(argument),
        "AUTH" => AuthAsync(argument),
        _ => ReplyAsync(SmtpReplies.UnknownCommand).AsTask(),
    };

    private bool TlsAvailable => _context.Tls is not null && !Info.IsSecure;

    private bool AuthOffered => Info.Role != SmtpListenerRole.Relay && _context.Sasl is not null;

    private bool AuthAllowedNow => AuthOffered && (Info.IsSecure || _options.AllowInsecureAuth);

    // RFC 5321 §4.1.1.1
    private async Task HeloAsync(string argument, bool extended)
    {
        string name = argument.Trim();
        if (name.Length == 0 || name.Contains(' '))
        {
            await ReplyAsync(SmtpReplies.SyntaxError);
            return;
        }
        await ResetTransactionAsync();
        Info.HeloName = name;
        Info.IsExtended = extended;
        string greeting = $"{_options.Hostname} greets {name}";
        if (!extended)
        {
            // RFC 2034 §3: no enhanced code on the HELO/EHLO reply.
            await ReplyAsync(new SmtpReply(250, null, greeting));
            return;
        }
        var lines = new List<string>
        {
            greeting,
            "PIPELINING",                                    // RFC 2920
            $"SIZE {_options.MaxMessageSize}",               // RFC 1870
            "8BITMIME",                                      // RFC 6152
            "SMTPUTF8",                                      // RFC 6531
            "ENHANCEDSTATUSCODES",                           // RFC 2034
            "CHUNKING",                                      // RFC 3030
            "BINARYMIME",                                    // RFC 3030
            "DSN",                                           // RFC 3461
        };
        if (TlsAvailable)
            lines.Add("STARTTLS");                           // RFC 3207
        if (AuthAllowedNow && Info.AuthenticatedUser is null)
            lines.Add("AUTH " + string.Join(' ', _context.Sasl!.SupportedNames)); // RFC 4954
        lines.Add("HELP");
        await ReplyAsync(new SmtpReply(250, null, string.Join('\n', lines)));
    }

    // RFC 5321 §4.1.1.2
    private async Task MailAsync(string argument)
    {
        if (Info.HeloName is null)
        {
            await ReplyAsync(SmtpReplies.HeloFirst);
            return;
        }
        if (Transaction is not null)
        {
            await ReplyAsync(SmtpReplies.NestedMail);
            return;
        }
        if (Info.Role != SmtpListenerRole.Relay && Info.AuthenticatedUser is null)
        {
            // RFC 6409 §4.3 / RFC 4954 §6: submission requires authentication, and authentication TLS.
            await ReplyAsync(Info.IsSecure || _options.AllowInsecureAuth ? SmtpReplies.AuthRequired : SmtpReplies.StartTlsFirst);
            return;
        }
        PathArgument? path = PathArgument.Parse(argument, "FROM:");
        if (path is null)
        {
            await ReplyAsync(SmtpReplies.SyntaxError);
            return;
        }
        if (!Info.IsExtended && path.Parameters.Count > 0)
        {
            await ReplyAsync(SmtpReplies.UnknownParameter);
            return;
        }
        EmailAddress? sender = null;
        if (path.Path.Length > 0 && !EmailAddress.TryParse(path.Path, out sender))
        {
            await ReplyAsync(SmtpReplies.BadSenderSyntax);
            return;
        }
        var envelope = new Envelope { Sender = sender };
        SmtpReply? error = MailParameters.ApplyMailParameters(path, _options.MaxMessageSize, ref envelope, out _);
        if (error is null && !envelope.SmtpUtf8 && !IsAscii(path.Path))
            error = SmtpReplies.NeedsSmtpUtf8;
        error ??= await _context.Handler.CheckSenderAsync(Info, envelope, _connection.Token);
        if (error is not null)
        {
            await ReplyAsync(error);
            return;
        }
        Transaction = new SmtpTransaction { Envelope = envelope };
        await ReplyAsync(SmtpReplies.SenderOk);
    }

    // RFC 5321 §4.1.1.3
    private async Task RcptAsync(string argument)
    {
        if (Transaction is null)
        {
            await ReplyAsync(SmtpReplies.MailFirst);
            return;
        }
        if (Transaction.ChunkedMessage is not null)
        {
            await ReplyAsync(SmtpReplies.BadSequence);
            return;
        }
        PathArgument? path = PathArgument.Parse(argument, "TO:");
        if (path is null)
        {
            await ReplyAsync(SmtpReplies.SyntaxError);
            return;
        }
        Transaction.RecipientAttempts++;
        if (Transaction.Recipients.Count >= _options.MaxRecipients)
        {
            await ReplyAsync(SmtpReplies.TooManyRecipients);
            return;
        }
        if (!Info.IsExtended && path.Parameters.Count > 0)
        {
            await ReplyAsync(SmtpReplies.UnknownParameter);
            return;
        }
        // RFC 5321 §4.5.1: <Postmaster> without a domain must be accepted.
        string forwardPath = path.Path.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
            ? "postmaster@" + _options.Hostname
            : path.Path;
        if (!EmailAddress.TryParse(forwardPath, out EmailAddress? address))
        {
            await ReplyAsync(SmtpReplies.BadRecipientSyntax);
            return;
        }
        SmtpReply? error = MailParameters.ParseRecipientParameters(path, address!, out EnvelopeRecipient recipient);
        if (error is null && !Transaction.Envelope.SmtpUtf8 && !IsAscii(path.Path))
            error = SmtpReplies.NeedsSmtpUtf8;
        error ??= await _context.Handler.CheckRecipientAsync(Info, Transaction.CompleteEnvelope(), recipient, _connection.Token);
        if (error is not null)
        {
            await ReplyAsync(error);
            return;
        }
        Transaction.Recipients.Add(recipient);
        await ReplyAsync(SmtpReplies.RecipientOk);
    }

    // RFC 5321 §4.1.1.5
    private async Task RsetAsync(string argument)
    {
        if (argument.Trim().Length > 0)
        {
            await ReplyAsync(SmtpReplies.SyntaxError);
            return;
        }
        await ResetTransactionAsync();
        await ReplyAsync(SmtpReplies.Ok);
    }

    private async Task QuitAsync()
    {
        await ReplyAsync(SmtpReplies.Bye);
        _quit = true;
    }

    // RFC 3207 §4
    private async Task StartTlsCommandAsync(string argument)
    {
        if (argument.Trim().Length > 0)
        {
            await ReplyAsync(SmtpReplies.SyntaxError);
            return;
        }
        if (Info.IsSecure)
        {
            await ReplyAsync(SmtpReplies.TlsAlreadyActive);
            return;
        }
        if (_context.Tls is null)
        {
            await ReplyAsync(SmtpReplies.TlsNotAvailable);
            return;
        }
        await ReplyAsync(SmtpReplies.ReadyToStartTls);
        await FlushAsync();
        await StartTlsAsync();
        // RFC 3207 §4.2: forget everything learned before TLS; the client starts over with EHLO.
        await ResetTransactionAsync();
        Info.HeloName = null;
        Info.IsExtended = false;
        Info.AuthenticatedUser = null;
    }

    private async ValueTask ResetTransactionAsync()
    {
        if (Transaction is not null)
            await Transaction.AbandonAsync();
        Transaction = null;
    }

    private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);
}
