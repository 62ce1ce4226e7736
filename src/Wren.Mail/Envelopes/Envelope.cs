using Wren.Mail.Addresses;

namespace Wren.Mail.Envelopes;

/// <summary>RFC 1652 / RFC 6152 / RFC 3030 BODY= values.</summary>
public enum BodyType
{
    /// <summary>No BODY parameter, or BODY=7BIT.</summary>
    SevenBit,
    /// <summary>BODY=8BITMIME (RFC 6152).</summary>
    EightBitMime,
    /// <summary>BODY=BINARYMIME (RFC 3030), only with BDAT.</summary>
    BinaryMime,
}

/// <summary>RFC 3461 §4.3 RET values.</summary>
public enum DsnReturn
{
    /// <summary>Not given: the sender's server decides (Wren returns headers).</summary>
    Unspecified,
    /// <summary>RET=FULL.</summary>
    Full,
    /// <summary>RET=HDRS.</summary>
    Headers,
}

/// <summary>RFC 3461 §4.1 NOTIFY values, as flags; <see cref="Never"/> stands alone.</summary>
[Flags]
public enum DsnNotify
{
    /// <summary>No NOTIFY parameter: default behaviour (failure, and delay at the server's option).</summary>
    Unspecified = 0,
    /// <summary>NOTIFY=NEVER.</summary>
    Never = 1,
    /// <summary>NOTIFY=SUCCESS.</summary>
    Success = 2,
    /// <summary>NOTIFY=FAILURE.</summary>
    Failure = 4,
    /// <summary>NOTIFY=DELAY.</summary>
    Delay = 8,
}

/// <summary>One RCPT TO with its RFC 3461 parameters.</summary>
/// <param name="Address">The forward-path.</param>
/// <param name="Notify">NOTIFY= (RFC 3461 §4.1).</param>
/// <param name="OriginalRecipient">ORCPT= decoded: address type and the original address (RFC 3461 §4.2).</param>
public sealed record EnvelopeRecipient(EmailAddress Address, DsnNotify Notify = DsnNotify.Unspecified, OriginalRecipient? OriginalRecipient = null);

/// <summary>RFC 3461 §4.2 ORCPT: <c>addr-type ; xtext</c>, stored decoded.</summary>
public sealed record OriginalRecipient(string AddressType, string Address);

/// <summary>
/// Everything the SMTP transaction says about a message besides its content: who sent it, to whom, and the
/// parameters (BODY, SMTPUTF8, DSN) that the outbound side must honour when it relays the message.
/// </summary>
public sealed record Envelope
{
    /// <summary>The reverse-path; null for the null sender <c>&lt;&gt;</c> (bounces).</summary>
    public EmailAddress? Sender { get; init; }

    /// <summary>Accepted recipients, in RCPT order.</summary>
    public IReadOnlyList<EnvelopeRecipient> Recipients { get; init; } = [];

    /// <summary>BODY= parameter.</summary>
    public BodyType Body { get; init; }

    /// <summary>The SMTPUTF8 parameter was given on MAIL (RFC 6531 §3.4).</summary>
    public bool SmtpUtf8 { get; init; }

    /// <summary>RET= (RFC 3461 §4.3).</summary>
    public DsnReturn Return { get; init; }

    /// <summary>ENVID= decoded from xtext (RFC 3461 §4.4), or null.</summary>
    public string? EnvelopeId { get; init; }
}
