namespace Wren.Imap.Server;

/// <summary>The response code atoms Wren sends (RFC 9051 §7.1, RFC 5530), defined once.</summary>
public static class ImapResponseCodes
{
    /// <summary>RFC 9051 §7.1: the capability list, in the greeting and after authentication.</summary>
    public const string Capability = "CAPABILITY";

    /// <summary>RFC 5530 §3: wrong user name or password.</summary>
    public const string AuthenticationFailed = "AUTHENTICATIONFAILED";

    /// <summary>RFC 5530 §3: the operation needs TLS first.</summary>
    public const string PrivacyRequired = "PRIVACYREQUIRED";

    /// <summary>RFC 5530 §3: a subsystem is down, or the server is busy or stopping; try later.</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>RFC 5530 §3: the server failed; a bug, not the client's fault.</summary>
    public const string ServerBug = "SERVERBUG";

    /// <summary>RFC 5530 §3: the client did something it should not have (a second LOGIN, a wrong-state command).</summary>
    public const string ClientBug = "CLIENTBUG";

    /// <summary>RFC 5530 §3: the operation is not possible (e.g. EXPUNGE or STORE in a read-only mailbox, DELETE INBOX).</summary>
    public const string Cannot = "CANNOT";

    /// <summary>RFC 5530 §3: the mailbox does not exist.</summary>
    public const string NonExistent = "NONEXISTENT";

    /// <summary>RFC 9051 §7.1: the target mailbox of APPEND/COPY/MOVE does not exist; CREATE may help.</summary>
    public const string TryCreate = "TRYCREATE";

    /// <summary>RFC 5530 §3: the name exists already.</summary>
    public const string AlreadyExists = "ALREADYEXISTS";

    /// <summary>RFC 9208 §4.3 / RFC 5530: the operation would exceed a quota.</summary>
    public const string OverQuota = "OVERQUOTA";

    /// <summary>RFC 6154 §6: a special-use attribute that cannot be used.</summary>
    public const string UseAttr = "USEATTR";

    /// <summary>RFC 9051 §7.1: a mailbox was closed implicitly (by SELECT or EXAMINE of another).</summary>
    public const string Closed = "CLOSED";

    /// <summary>
    /// The response code for a store refusal (RFC 5530, RFC 9051 §7.1), or null for a plain NO.
    /// </summary>
    public static string? For(Wren.Store.Messages.MailStoreError error) => error switch
    {
        Wren.Store.Messages.MailStoreError.NonExistent => NonExistent,
        Wren.Store.Messages.MailStoreError.AlreadyExists => AlreadyExists,
        Wren.Store.Messages.MailStoreError.Cannot or Wren.Store.Messages.MailStoreError.InvalidName => Cannot,
        Wren.Store.Messages.MailStoreError.UseAttr => UseAttr,
        Wren.Store.Messages.MailStoreError.OverQuota => OverQuota,
        _ => null,
    };
}
