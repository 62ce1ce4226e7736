using Wren.Mail.Addresses;

namespace Wren.Cli.Commands;

/// <summary>
/// Parses the domains and addresses typed on the command line into the canonical forms the store keys on,
/// or fails the command with a line that says what is wrong.
/// </summary>
public static class AccountNames
{
    /// <summary>A domain in canonical form (lower-case A-labels, RFC 5890).</summary>
    public static string Domain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DomainName.TryCanonicalize(text, out string? domain)
            ? domain!
            : throw new CommandFailedException($"'{text}' is not a valid domain name");
    }

    /// <summary>A mailbox address (RFC 5321 §4.1.2) whose domain is a name, not an address literal.</summary>
    public static EmailAddress Address(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!EmailAddress.TryParse(text, out EmailAddress? address))
            throw new CommandFailedException($"'{text}' is not a valid email address");
        if (address!.Domain.StartsWith('['))
            throw new CommandFailedException($"'{text}': an address literal cannot be a local domain");
        return address;
    }

    /// <summary>An alias source: an address, or <c>@domain</c> for the domain's catch-all; returned in canonical form.</summary>
    public static string AliasSource(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith('@') ? "@" + Domain(text[1..]) : Address(text).Canonical;
    }

    /// <summary>The domain of a canonical alias source (<c>@domain</c> or <c>local@domain</c>).</summary>
    public static string DomainOf(string canonicalAddressOrCatchAll) =>
        canonicalAddressOrCatchAll[(canonicalAddressOrCatchAll.LastIndexOf('@') + 1)..];
}
