namespace Wren.MailAuth.Arc;

/// <summary>The outcome of <see cref="ArcSealer.SealAsync"/>.</summary>
/// <param name="Sealed">True when a new ARC set was made.</param>
/// <param name="Instance">The new set's instance (i=), or 0 when not sealed.</param>
/// <param name="ChainValidation">The cv= the new ARC-Seal carries.</param>
/// <param name="HeaderFields">
/// The ARC-Seal, ARC-Message-Signature and ARC-Authentication-Results fields, each ending with CRLF, to write in
/// front of the message's original bytes (UTF-8); empty when not sealed.
/// </param>
/// <param name="Reason">Why no set was added (RFC 8617 §5.1 step 2, the 50-set limit); null when sealed.</param>
public sealed record ArcSealResult(bool Sealed, int Instance, ArcVerdict ChainValidation, string HeaderFields, string? Reason = null);
