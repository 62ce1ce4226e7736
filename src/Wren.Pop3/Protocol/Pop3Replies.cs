namespace Wren.Pop3.Protocol;

/// <summary>
/// Every status line the server sends, defined once (without the CRLF). RFC 1939 §3 gives the form
/// (<c>+OK</c>/<c>-ERR</c> and text); RFC 2449 §8 and RFC 3206 the response codes in brackets: [IN-USE],
/// [AUTH], [SYS/TEMP], [SYS/PERM].
/// </summary>
public static class Pop3Replies
{
    // --- Greeting, session and connection ---

    /// <summary>RFC 1939 §4: the greeting. No APOP timestamp, as APOP is not offered.</summary>
    public static string Greeting(string hostname) => $"+OK {hostname} POP3 Wren ready";
    /// <summary>RFC 1939 §6: QUIT in the AUTHORIZATION state.</summary>
    public const string Bye = "+OK Bye";
    /// <summary>RFC 1939 §6: QUIT after the UPDATE state removed the deleted messages.</summary>
    public static string ByeAfterUpdate(int removed) => $"+OK Bye ({removed} messages deleted)";
    /// <summary>RFC 1939 §6: the UPDATE state could not remove the deleted messages (none was removed).</summary>
    public const string UpdateFailed = "-ERR [SYS/TEMP] some deleted messages not removed";
    /// <summary>RFC 1939 §3: autologout after the idle timer.</summary>
    public const string Autologout = "-ERR autologout: idle for too long";
    /// <summary>Server shutdown (RFC 2449 §8.1.3 SYS/TEMP: try again later).</summary>
    public const string ShuttingDown = "-ERR [SYS/TEMP] server shutting down";
    /// <summary>Connection limit reached at connect (RFC 2449 §8.1.3).</summary>
    public const string TooManyConnections = "-ERR [SYS/TEMP] too many connections, try again later";
    /// <summary>Too many protocol errors in one session.</summary>
    public const string TooManyErrors = "-ERR too many errors, closing connection";
    /// <summary>An unexpected fault in the server; the session goes on (RFC 2449 §8.1.3).</summary>
    public const string TemporaryFailure = "-ERR [SYS/TEMP] temporary server failure, try again later";

    // --- Syntax and state ---

    /// <summary>A command line longer than the limit.</summary>
    public const string LineTooLong = "-ERR line too long";
    /// <summary>A keyword the server does not know (APOP included: it is not offered).</summary>
    public const string UnknownCommand = "-ERR unknown command";
    /// <summary>A TRANSACTION command before login.</summary>
    public const string NotAuthenticated = "-ERR not logged in; authenticate first";
    /// <summary>USER, PASS, AUTH, STLS or UTF8 after login (RFC 1939 §4, RFC 2595 §4, RFC 6856 §3).</summary>
    public const string AlreadyAuthenticated = "-ERR command not valid after login";
    /// <summary>Arguments that do not fit the command's syntax.</summary>
    public const string SyntaxError = "-ERR syntax error in arguments";
    /// <summary>A message number that is not a number or is out of range (RFC 1939 §5).</summary>
    public const string NoSuchMessage = "-ERR no such message";
    /// <summary>RFC 1939 §5: a message number already marked as deleted.</summary>
    public static string AlreadyDeleted(int number) => $"-ERR message {number} already deleted";
    /// <summary>A message removed by another session (IMAP EXPUNGE) since the listing was made.</summary>
    public static string MessageGone(int number) => $"-ERR [SYS/PERM] message {number} no longer exists";

    // --- TRANSACTION replies ---

    /// <summary>RFC 1939 §5 STAT: drop listing.</summary>
    public static string Stat(int count, long size) => $"+OK {count} {size}";
    /// <summary>RFC 1939 §5 LIST, UIDL and RSET: how many messages and octets the maildrop has.</summary>
    public static string MaildropSummary(int count, long size) => $"+OK {count} messages ({size} octets)";
    /// <summary>RFC 1939 §5 LIST msg: scan listing.</summary>
    public static string ScanListing(int number, long size) => $"+OK {number} {size}";
    /// <summary>RFC 1939 §7 UIDL msg: unique-id listing.</summary>
    public static string UniqueIdListing(int number, string uid) => $"+OK {number} {uid}";
    /// <summary>RFC 1939 §5 RETR: the message follows.</summary>
    public static string MessageFollows(long size) => $"+OK {size} octets";
    /// <summary>RFC 1939 §7 TOP: the top of the message follows.</summary>
    public const string TopFollows = "+OK top of message follows";
    /// <summary>RFC 1939 §5 DELE.</summary>
    public static string Deleted(int number) => $"+OK message {number} deleted";
    /// <summary>RFC 1939 §5 NOOP.</summary>
    public const string Ok = "+OK";

    // --- AUTHORIZATION replies ---

    /// <summary>RFC 2449 §5: CAPA's multi-line answer follows.</summary>
    public const string CapabilitiesFollow = "+OK capability list follows";
    /// <summary>RFC 1939 §7 USER: the name is taken (whether it exists is not told).</summary>
    public const string SendPass = "+OK send PASS";
    /// <summary>RFC 1939 §7: PASS must follow USER.</summary>
    public const string UserFirst = "-ERR send USER first";
    /// <summary>RFC 1939 §7 PASS / RFC 5034 §4 AUTH: logged in, maildrop locked and ready.</summary>
    public static string LoggedIn(int count, long size) => $"+OK logged in; maildrop has {count} messages ({size} octets)";
    /// <summary>RFC 3206 §4 [AUTH]: wrong credentials or unknown user (never told apart).</summary>
    public const string AuthFailed = "-ERR [AUTH] Authentication failed";
    /// <summary>RFC 2449 §8.1.1 [IN-USE]: another session holds the maildrop lock.</summary>
    public const string InUse = "-ERR [IN-USE] maildrop already locked by another POP3 session";
    /// <summary>RFC 3206 §5 [SYS/TEMP]: the maildrop could not be opened just now.</summary>
    public const string MaildropUnavailable = "-ERR [SYS/TEMP] maildrop not available, try again later";
    /// <summary>RFC 2595 §6 / RFC 8314: a password may not cross the network in the clear.</summary>
    public const string EncryptionRequired = "-ERR plaintext authentication requires TLS; use STLS first";
    /// <summary>RFC 5034 §4: a mechanism the server does not offer.</summary>
    public const string UnknownMechanism = "-ERR unrecognized authentication mechanism";
    /// <summary>RFC 5034 §4: the client sent "*".</summary>
    public const string AuthCancelled = "-ERR authentication cancelled";
    /// <summary>RFC 5034 §4: undecodable base64 or a malformed SASL message.</summary>
    public const string BadAuthData = "-ERR invalid authentication data";
    /// <summary>RFC 5034 §4: the empty challenge (the space is required).</summary>
    public const string EmptyChallenge = "+ ";
    /// <summary>RFC 5034 §4: AUTH without a mechanism lists the mechanisms (as RFC 1734 servers did).</summary>
    public const string MechanismsFollow = "+OK SASL mechanisms follow";
    /// <summary>RFC 6856 §2: UTF8 accepted.</summary>
    public const string Utf8Enabled = "+OK UTF8 enabled";
    /// <summary>RFC 6856 §2: non-ASCII names need UTF8 first.</summary>
    public const string Utf8Required = "-ERR non-ASCII user names and passwords need the UTF8 command first";

    // --- STLS ---

    /// <summary>RFC 2595 §4: go ahead with the TLS handshake.</summary>
    public const string BeginTls = "+OK begin TLS negotiation";
    /// <summary>RFC 2595 §4: STLS when TLS is already active.</summary>
    public const string TlsActive = "-ERR TLS already active";
    /// <summary>STLS with no certificate configured.</summary>
    public const string TlsNotAvailable = "-ERR TLS not available";
}
