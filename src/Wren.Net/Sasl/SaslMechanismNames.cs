namespace Wren.Net.Sasl;

/// <summary>The IANA names of the SASL mechanisms Wren implements, defined once.</summary>
public static class SaslMechanismNames
{
    /// <summary>RFC 4616.</summary>
    public const string Plain = "PLAIN";

    /// <summary>The de-facto LOGIN mechanism (draft-murchison-sasl-login).</summary>
    public const string Login = "LOGIN";

    /// <summary>RFC 5802 with SHA-256 (RFC 7677), without channel binding.</summary>
    public const string ScramSha256 = "SCRAM-SHA-256";
}
