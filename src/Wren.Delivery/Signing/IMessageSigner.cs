namespace Wren.Delivery.Signing;

/// <summary>
/// Signs a message on its way out (DKIM, RFC 6376): returns the signature fields to put on top of it, or an
/// empty string when Wren holds no key for the message's author domain. The message's bytes are not changed.
/// </summary>
public interface IMessageSigner
{
    /// <summary>Signs the message read from <paramref name="message"/> (seekable, from its start).</summary>
    Task<string> SignAsync(Stream message, CancellationToken cancellationToken);
}
