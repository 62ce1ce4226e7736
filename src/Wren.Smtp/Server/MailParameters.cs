using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Smtp.Protocol;

namespace Wren.Smtp.Server;

/// <summary>
/// Validates the ESMTP parameters of MAIL and RCPT against the extensions the server advertises and turns
/// them into envelope fields. Each method returns the error reply, or null when the parameters are good.
/// </summary>
internal static class MailParameters
{
    // RFC 3461 §4.4: ENVID is at most 100 characters.
    private const int MaxEnvelopeIdLength = 100;

    /// <summary>Applies MAIL FROM parameters (SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH) to <paramref name="envelope"/>.</summary>
    public static SmtpReply? ApplyMailParameters(PathArgument argument, long maxMessageSize, ref Envelope envelope, out long? declaredSize)
    {
        declaredSize = null;
        var seen = new HashSet<string>();
        foreach (var (key, value) in argument.Parameters)
        {
            if (!seen.Add(key))
                return SmtpReplies.SyntaxError;
            switch (key)
            {
                case "SIZE":
                    // RFC 1870 §3: SIZE=<decimal octets>; over our limit → 552 at once (§6.2).
                    if (value is null || value.Length > 20 || !value.All(char.IsAsciiDigit) || !long.TryParse(value, out long size))
                        return SmtpReplies.SyntaxError;
                    if (size > maxMessageSize)
                        return SmtpReplies.MessageTooBig;
                    declaredSize = size;
                    break;
                case "BODY":
                    BodyType? body = value?.ToUpperInvariant() switch
                    {
                        "7BIT" => BodyType.SevenBit,
                        "8BITMIME" => BodyType.EightBitMime,
                        "BINARYMIME" => BodyType.BinaryMime,
                        _ => null,
                    };
                    if (body is null)
                        return SmtpReplies.SyntaxError;
                    envelope = envelope with { Body = body.Value };
                    break;
                case "SMTPUTF8":
                    // RFC 6531 §3.4: the parameter has no value.
                    if (value is not null)
                        return SmtpReplies.SyntaxError;
                    envelope = envelope with { SmtpUtf8 = true };
                    break;
                case "RET":
                    DsnReturn? ret = value?.ToUpperInvariant() switch
                    {
                        "FULL" => DsnReturn.Full,
                        "HDRS" => DsnReturn.Headers,
                        _ => null,
                    };
                    if (ret is null)
                        return SmtpReplies.SyntaxError;
                    envelope = envelope with { Return = ret.Value };
                    break;
                case "ENVID":
                    if (value is null || value.Length > MaxEnvelopeIdLength || !XText.TryDecode(value, out string? envId))
                        return SmtpReplies.SyntaxError;
                    envelope = envelope with { EnvelopeId = envId };
                    break;
                case "AUTH":
                    // RFC 4954 §5: the AUTH= identity of a relayed message. Wren does not trust it from
                    // other servers, so it is checked for syntax and then ignored.
                    if (value is null || !XText.TryDecode(value, out _))
                        return SmtpReplies.SyntaxError;
                    break;
                default:
                    return SmtpReplies.UnknownParameter;
            }
        }
        return null;
    }

    /// <summary>Parses RCPT TO parameters (NOTIFY, ORCPT) into a recipient.</summary>
    public static SmtpReply? ParseRecipientParameters(PathArgument argument, EmailAddress address, out EnvelopeRecipient recipient)
    {
        recipient = new EnvelopeRecipient(address);
        var seen = new HashSet<string>();
        foreach (var (key, value) in argument.Parameters)
        {
            if (!seen.Add(key))
                return SmtpReplies.SyntaxError;
            switch (key)
            {
                case "NOTIFY":
                    if (value is null || ParseNotify(value) is not { } notify)
                        return SmtpReplies.SyntaxError;
                    recipient = recipient with { Notify = notify };
                    break;
                case "ORCPT":
                    // RFC 3461 §4.2: ORCPT=addr-type ";" xtext
                    int semi = value?.IndexOf(';') ?? -1;
                    if (value is null || semi <= 0 || !XText.TryDecode(value[(semi + 1)..], out string? original) || original!.Length == 0)
                        return SmtpReplies.SyntaxError;
                    string type = value[..semi];
                    if (!type.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                        return SmtpReplies.SyntaxError;
                    recipient = recipient with { OriginalRecipient = new OriginalRecipient(type.ToLowerInvariant(), original) };
                    break;
                default:
                    return SmtpReplies.UnknownParameter;
            }
        }
        return null;
    }

    // RFC 3461 §4.1: NOTIFY="NEVER" / 1#( "SUCCESS" / "FAILURE" / "DELAY" )
    private static DsnNotify? ParseNotify(string value)
    {
        string[] items = value.ToUpperInvariant().Split(',');
        if (items is ["NEVER"])
            return DsnNotify.Never;
        DsnNotify result = DsnNotify.Unspecified;
        foreach (string item in items)
        {
            DsnNotify flag = item switch
            {
                "SUCCESS" => DsnNotify.Success,
                "FAILURE" => DsnNotify.Failure,
                "DELAY" => DsnNotify.Delay,
                _ => DsnNotify.Unspecified,
            };
            if (flag == DsnNotify.Unspecified || result.HasFlag(flag))
                return null;
            result |= flag;
        }
        return result;
    }
}
