namespace Wren.MailAuth.Dkim;

/// <summary>The outcome of fetching and reading a DKIM key record: the key, or why there is none.</summary>
/// <param name="Key">The key, when found.</param>
/// <param name="Verdict">The failure (<see cref="DkimVerdict.PermError"/> or <see cref="DkimVerdict.TempError"/>); <see cref="DkimVerdict.Pass"/> when found.</param>
/// <param name="Reason">Why there is no key (RFC 6376 §6.1.2 reasons); null when found.</param>
public sealed record DkimKeyLookup(DkimPublicKey? Key, DkimVerdict Verdict, string? Reason)
{
    /// <summary>A key was found.</summary>
    public static DkimKeyLookup Found(DkimPublicKey key) => new(key, DkimVerdict.Pass, null);

    /// <summary>No usable key.</summary>
    public static DkimKeyLookup Failed(DkimVerdict verdict, string reason) => new(null, verdict, reason);
}
