namespace Wren.MailAuth.Spf;

/// <summary>The mechanisms of RFC 7208 §5.</summary>
internal enum SpfMechanismKind
{
    /// <summary><c>all</c> (§5.1).</summary>
    All,
    /// <summary><c>include:</c> (§5.2).</summary>
    Include,
    /// <summary><c>a</c> (§5.3).</summary>
    A,
    /// <summary><c>mx</c> (§5.4).</summary>
    Mx,
    /// <summary><c>ptr</c> (§5.5).</summary>
    Ptr,
    /// <summary><c>ip4:</c> (§5.6).</summary>
    Ip4,
    /// <summary><c>ip6:</c> (§5.6).</summary>
    Ip6,
    /// <summary><c>exists:</c> (§5.7).</summary>
    Exists,
}
