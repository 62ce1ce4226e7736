namespace Wren.MailAuth.Results;

/// <summary>One propspec of a resinfo (RFC 8601 §2.2), e.g. <c>smtp.mailfrom=example.com</c>.</summary>
/// <param name="Type">The ptype: <c>smtp</c>, <c>header</c>, <c>body</c> or <c>policy</c>.</param>
/// <param name="Name">The property, e.g. <c>mailfrom</c>.</param>
/// <param name="Value">The value, unquoted.</param>
public sealed record AuthenticationProperty(string Type, string Name, string Value);

/// <summary>One resinfo of an Authentication-Results field (RFC 8601 §2.2): a method's result with its reason,
/// properties and comments.</summary>
/// <param name="Method">The method, lower case (e.g. <c>dkim</c>); a method version (<c>dkim/1</c>) is dropped.</param>
/// <param name="Result">The result, lower case (e.g. <c>pass</c>).</param>
/// <param name="Reason">The reason="…" text, or null.</param>
/// <param name="Properties">The propspecs, in order.</param>
/// <param name="Comments">The comments that appeared within the resinfo, in order.</param>
public sealed record AuthenticationResult(
    string Method, string Result, string? Reason, IReadOnlyList<AuthenticationProperty> Properties, IReadOnlyList<string> Comments)
{
    /// <summary>The value of the first property <paramref name="type"/>.<paramref name="name"/>, or null.</summary>
    public string? Property(string type, string name) =>
        Properties.FirstOrDefault(p => p.Type.Equals(type, StringComparison.OrdinalIgnoreCase) && p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
}
