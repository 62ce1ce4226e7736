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

    /// <summary>RFC 5530 §3: the operation is not possible (here: not implemented yet).</summary>
    public const string Cannot = "CANNOT";
}
