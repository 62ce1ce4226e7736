namespace Wren.Mail.Summaries;

/// <summary>A Content-Type or Content-Disposition parameter, RFC 2231 continuations and charsets already decoded.</summary>
/// <param name="Name">The attribute name as sent (without any RFC 2231 <c>*</c> suffix).</param>
/// <param name="Value">The decoded value.</param>
public sealed record MimeParameter(string Name, string Value);
