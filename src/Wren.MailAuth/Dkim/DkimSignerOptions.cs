namespace Wren.MailAuth.Dkim;

/// <summary>How <see cref="DkimMessageSigner"/> picks keys and what it signs.</summary>
public sealed record DkimSignerOptions
{
    /// <summary>
    /// Rotation: of a domain's keys of one algorithm, the newest key at least this old signs; while no key is
    /// that old, the oldest one signs. So a key generated for rotation takes over only after its record had time
    /// to reach the resolvers, and the first key of a domain signs at once. Default 24 hours.
    /// </summary>
    public TimeSpan KeyActivationDelay { get; init; } = TimeSpan.FromHours(24);

    /// <summary>x=: signatures expire this long after t=; null (the default) for no x=.</summary>
    public TimeSpan? SignatureLifetime { get; init; }
}
