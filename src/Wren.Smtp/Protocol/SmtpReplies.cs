namespace Wren.Smtp.Protocol;

/// <summary>
/// Every fixed reply the server sends, defined once. Codes from RFC 5321 §4.2.2 and §4.2.3, enhanced codes
/// from RFC 3463 and the extension RFCs cited beside each.
/// </summary>
public static class SmtpReplies
{
    /// <summary>250 2.0.0 for NOOP, RSET.</summary>
    public static readonly SmtpReply Ok = new(250, "2.0.0", "OK");
    /// <summary>250 2.1.0 sender accepted.</summary>
    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Sender OK");
    /// <summary>250 2.1.5 recipient accepted.</summary>
    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Recipient OK");
    /// <summary>354 start mail input (no enhanced code: RFC 2034 §3 puts them on 2xx, 4xx, 5xx only).</summary>
    public static readonly SmtpReply StartMailInput = new(354, null, "Start mail input; end with <CRLF>.<CRLF>");
    /// <summary>221 2.0.0 closing.</summary>
    public static readonly SmtpReply Bye = new(221, "2.0.0", "Bye");
    /// <summary>RFC 5321 §3.5.3: 252 when the server will not verify but will accept mail.</summary>
    public static readonly SmtpReply CannotVerify = new(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
    /// <summary>220 2.0.0 go ahead with TLS (RFC 3207 §4).</summary>
    public static readonly SmtpReply ReadyToStartTls = new(220, "2.0.0", "Ready to start TLS");
    /// <summary>235 2.7.0 authentication succeeded (RFC 4954 §6).</summary>
    public static readonly SmtpReply AuthSucceeded = new(235, "2.7.0", "Authentication successful");
    /// <summary>214 help.</summary>
    public static readonly SmtpReply Help = new(214, "2.0.0",
        "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH\nSee RFC 5321");

    /// <summary>500 5.5.1 unknown command.</summary>
    public static readonly SmtpReply UnknownCommand = new(500, "5.5.1", "Command unrecognized");
    /// <summary>500 5.5.6 line too long (RFC 5321 §4.5.3.1.4; RFC 3463 5.5.6 is syntax, we follow the common use for length).</summary>
    public static readonly SmtpReply LineTooLong = new(500, "5.5.6", "Line too long");
    /// <summary>502 5.5.1 known but not implemented (EXPN, TURN).</summary>
    public static readonly SmtpReply NotImplemented = new(502, "5.5.1", "Command not implemented");
    /// <summary>503 5.5.1 bad sequence.</summary>
    public static readonly SmtpReply BadSequence = new(503, "5.5.1", "Bad sequence of commands");
    /// <summary>503 5.5.1 HELO/EHLO first.</summary>
    public static readonly SmtpReply HeloFirst = new(503, "5.5.1", "Send EHLO or HELO first");
    /// <summary>503 5.5.1 MAIL first.</summary>
    public static readonly SmtpReply MailFirst = new(503, "5.5.1", "Send MAIL first");
    /// <summary>503 5.5.1 RCPT first.</summary>
    public static readonly SmtpReply RcptFirst = new(503, "5.5.1", "Send RCPT first");
    /// <summary>503 5.5.1 nested MAIL.</summary>
    public static readonly SmtpReply NestedMail = new(503, "5.5.1", "Sender already specified");
    /// <summary>503 5.5.1 already authenticated.</summary>
    public static readonly SmtpReply AlreadyAuthenticated = new(503, "5.5.1", "Already authenticated");
    /// <summary>503 5.5.1 TLS already active.</summary>
    public static readonly SmtpReply TlsAlreadyActive = new(503, "5.5.1", "TLS already active");
    /// <summary>RFC 3030 §3: DATA not allowed after BDAT or with BODY=BINARYMIME.</summary>
    public static readonly SmtpReply DataAfterBdat = new(503, "5.5.1", "Use BDAT for this transaction");
    /// <summary>RFC 2920 §3.1: DATA when every RCPT was refused.</summary>
    public static readonly SmtpReply NoValidRecipients = new(554, "5.5.1", "No valid recipients");
    /// <summary>501 5.5.4 syntax error in parameters.</summary>
    public static readonly SmtpReply SyntaxError = new(501, "5.5.4", "Syntax error in parameters or arguments");
    /// <summary>501 5.1.7 bad sender address syntax.</summary>
    public static readonly SmtpReply BadSenderSyntax = new(501, "5.1.7", "Bad sender address syntax");
    /// <summary>501 5.1.3 bad recipient address syntax.</summary>
    public static readonly SmtpReply BadRecipientSyntax = new(501, "5.1.3", "Bad recipient address syntax");
    /// <summary>RFC 5321 §4.2.2: 555 parameter not recognized.</summary>
    public static readonly SmtpReply UnknownParameter = new(555, "5.5.4", "Parameter not recognized or not implemented");
    /// <summary>RFC 6531 §3.5: non-ASCII address without SMTPUTF8.</summary>
    public static readonly SmtpReply NeedsSmtpUtf8 = new(553, "5.6.7", "Non-ASCII address requires the SMTPUTF8 parameter");
    /// <summary>RFC 1870 §6.2 / RFC 3463: message too big.</summary>
    public static readonly SmtpReply MessageTooBig = new(552, "5.3.4", "Message size exceeds fixed maximum message size");
    /// <summary>RFC 5321 §4.5.3.1.10: too many recipients.</summary>
    public static readonly SmtpReply TooManyRecipients = new(452, "4.5.3", "Too many recipients");
    /// <summary>Bare CR or LF in DATA: refused so that CR.CR or LF.LF can never be read as end of data (SMTP smuggling).</summary>
    public static readonly SmtpReply BareLineEnding = new(550, "5.6.0", "Message contains bare CR or LF; lines must end with CRLF");
    /// <summary>550 5.1.1 unknown local user.</summary>
    public static readonly SmtpReply UnknownUser = new(550, "5.1.1", "No such user here");
    /// <summary>554 5.7.1 relaying denied.</summary>
    public static readonly SmtpReply RelayDenied = new(554, "5.7.1", "Relay access denied");
    /// <summary>RFC 4954 §6: 530 5.7.0 authentication required.</summary>
    public static readonly SmtpReply AuthRequired = new(530, "5.7.0", "Authentication required");
    /// <summary>RFC 3207 §4: 530 5.7.0 STARTTLS first.</summary>
    public static readonly SmtpReply StartTlsFirst = new(530, "5.7.0", "Must issue a STARTTLS command first");
    /// <summary>RFC 4954 §6: 535 5.7.8 credentials invalid.</summary>
    public static readonly SmtpReply AuthFailed = new(535, "5.7.8", "Authentication credentials invalid");
    /// <summary>RFC 4954 §6: 538 5.7.11 encryption required for the mechanism.</summary>
    public static readonly SmtpReply EncryptionRequired = new(538, "5.7.11", "Encryption required for requested authentication mechanism");
    /// <summary>RFC 4954 §4: 504 5.5.4 unknown mechanism.</summary>
    public static readonly SmtpReply UnknownMechanism = new(504, "5.5.4", "Unrecognized authentication mechanism");
    /// <summary>RFC 4954 §4: 501 5.0.0 client cancelled the exchange.</summary>
    public static readonly SmtpReply AuthCancelled = new(501, "5.0.0", "Authentication cancelled");
    /// <summary>RFC 4954 §4: 501 5.5.2 undecodable base64.</summary>
    public static readonly SmtpReply BadBase64 = new(501, "5.5.2", "Cannot decode response");
    /// <summary>AUTH where it is not offered (port 25).</summary>
    public static readonly SmtpReply AuthNotAvailable = new(503, "5.5.1", "AUTH not available on this port");
    /// <summary>STARTTLS where it is not offered.</summary>
    public static readonly SmtpReply TlsNotAvailable = new(454, "4.7.0", "TLS not available");
    /// <summary>RFC 3207 §4: 454 TLS handshake could not start.</summary>
    public static readonly SmtpReply TlsFailed = new(454, "4.7.0", "TLS not available due to temporary reason");
    /// <summary>421 4.7.0 too many connections.</summary>
    public static readonly SmtpReply TooManyConnections = new(421, "4.7.0", "Too many connections, try again later");
    /// <summary>421 4.7.0 too many errors in one session.</summary>
    public static readonly SmtpReply TooManyErrors = new(421, "4.7.0", "Too many errors, closing connection");
    /// <summary>RFC 5321 §4.5.3.2: 421 4.4.2 timeout.</summary>
    public static readonly SmtpReply Timeout = new(421, "4.4.2", "Timeout, closing connection");
    /// <summary>421 4.3.2 shutting down.</summary>
    public static readonly SmtpReply ShuttingDown = new(421, "4.3.2", "Service shutting down, closing connection");
    /// <summary>451 4.3.0 unexpected local fault: the client should retry.</summary>
    public static readonly SmtpReply LocalError = new(451, "4.3.0", "Local error in processing, try again later");
}
