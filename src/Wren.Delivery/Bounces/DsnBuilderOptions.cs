namespace Wren.Delivery.Bounces;

/// <summary>Limits of <see cref="DsnBuilder"/>: how much of the original message a notification carries.</summary>
public sealed class DsnBuilderOptions
{
    /// <summary>
    /// Largest original (in octets) returned whole for RET=FULL. A bigger one is returned as headers only and
    /// the text part says so: a bounce that itself exceeds the sender's size limit would be lost. 1 MiB by default.
    /// </summary>
    public long MaxFullReturnSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest header section (in octets) read from the original. Reading stops at the blank line or here,
    /// whichever comes first, so a message without a blank line costs no more than this. 64 KiB by default.
    /// </summary>
    public int MaxHeaderSize { get; set; } = 64 * 1024;
}
