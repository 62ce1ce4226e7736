namespace Wren.Mail.Summaries;

/// <summary>A part's Content-Disposition (RFC 2183), as BODYSTRUCTURE's body-fld-dsp reports it.</summary>
/// <param name="Type">The disposition type, e.g. <c>attachment</c> or <c>inline</c>.</param>
/// <param name="Parameters">Its parameters, e.g. <c>filename</c>.</param>
public sealed record PartDisposition(string Type, IReadOnlyList<MimeParameter> Parameters);
