using System.Text;
using Wren.Net.Sasl;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

public sealed partial class SmtpSession
{
    // RFC 4954 §4: AUTH mechanism [initial-response]
    private async Task AuthAsync(string argument)
    {
        if (!AuthOffered)
        {
            await ReplyAsync(SmtpReplies.AuthNotAvailable);
            return;
        }
        if (Info.HeloName is null || Transaction is not null)
        {
            await ReplyAsync(Info.HeloName is null ? SmtpReplies.HeloFirst : SmtpReplies.BadSequence);
            return;
        }
        if (Info.AuthenticatedUser is not null)
        {
            await ReplyAsync(SmtpReplies.AlreadyAuthenticated);
            return;
        }
        if (!AuthAllowedNow)
        {
            await ReplyAsync(SmtpReplies.EncryptionRequired);
            return;
        }
        string[] parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2)
        {
            await ReplyAsync(SmtpReplies.SyntaxError);
            return;
        }
        if (!_context.Sasl!.TryCreate(parts[0], out ISaslMechanism? mechanism))
        {
            await ReplyAsync(SmtpReplies.UnknownMechanism);
            return;
        }
        byte[]? response = null;
        if (parts.Length == 2)
        {
            // RFC 4954 §4: "=" is an empty initial response.
            response = parts[1] == "=" ? [] : DecodeBase64(parts[1]);
            if (response is null)
            {
                await ReplyAsync(SmtpReplies.BadBase64);
                return;
            }
        }
        while (true)
        {
            SaslStep step = await mechanism.StepAsync(response, _connection.Token);
            switch (step.Status)
            {
                case SaslStatus.Succeeded:
                    Info.AuthenticatedUser = step.User;
                    _context.AuthThrottle?.RegisterSuccess(Normalize(Info.RemoteEndPoint.Address));
                    await ReplyAsync(SmtpReplies.AuthSucceeded);
                    return;
                case SaslStatus.Failed:
                    TimeSpan delay = _context.RegisterAuthFailure(Normalize(Info.RemoteEndPoint.Address));
                    if (delay > TimeSpan.Zero)
                    {
                        await FlushAsync();
                        await Task.Delay(delay, _context.Time, _connection.Token);
                    }
                    await ReplyAsync(SmtpReplies.AuthFailed);
                    return;
                case SaslStatus.Malformed:
                    await ReplyAsync(SmtpReplies.BadBase64);
                    return;
            }
            await ReplyAsync(new SmtpReply(334, null, Convert.ToBase64String(step.Challenge ?? [])));
            string? line = await ReadLineAsync(_options.CommandTimeout);
            if (line is null)
            {
                _quit = true;
                return;
            }
            if (line.Trim() == "*")
            {
                await ReplyAsync(SmtpReplies.AuthCancelled);
                return;
            }
            response = DecodeBase64(line.Trim());
            if (response is null)
            {
                await ReplyAsync(SmtpReplies.BadBase64);
                return;
            }
        }
    }

    private static byte[]? DecodeBase64(string text)
    {
        byte[] buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out int written) ? buffer[..written] : null;
    }
}
