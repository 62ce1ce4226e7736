using MimeKit;
using Wren.Mail.Addresses;

namespace Wren.MailAuth.Dmarc;

/// <summary>
/// Finds the one RFC5322.From domain of a message (RFC 7489 §6.6.1). Anything but exactly one From field whose
/// addresses all share one domain yields a <see cref="FromDomain.Problem"/>, which DMARC reports as permerror:
/// no From field, several From fields, an empty or unparseable field, an address without a domain (or with an address
/// literal), and several authors in different domains.
/// </summary>
public static class FromDomainExtractor
{
    /// <summary>Reads the From fields of a parsed header.</summary>
    /// <param name="headers">All header fields of the message.</param>
    public static FromDomain Extract(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var fields = headers.Where(h => h.Id == HeaderId.From).ToList();
        if (fields.Count != 1)
            return Count(fields.Count);
        return InternetAddressList.TryParse(ParserOptions.Default, fields[0].RawValue, out InternetAddressList? list)
            ? FromAddresses(list)
            : new FromDomain(null, "the From field cannot be parsed");
    }

    /// <summary>Reads From field values as they appear after <c>From:</c> (one string per field, folding allowed).</summary>
    /// <param name="fromFieldValues">The value of every From field of the message.</param>
    public static FromDomain Extract(IReadOnlyList<string> fromFieldValues)
    {
        ArgumentNullException.ThrowIfNull(fromFieldValues);
        if (fromFieldValues.Count != 1)
            return Count(fromFieldValues.Count);
        return InternetAddressList.TryParse(ParserOptions.Default, fromFieldValues[0], out InternetAddressList? list)
            ? FromAddresses(list)
            : new FromDomain(null, "the From field cannot be parsed");
    }

    // RFC 5322 §3.6: exactly one From field; RFC 7489 §6.6.1: messages with none or several are not evaluated.
    private static FromDomain Count(int count) =>
        new(null, count == 0 ? "the message has no From field" : $"the message has {count} From fields");

    private static FromDomain FromAddresses(InternetAddressList list)
    {
        // Group syntax is flattened: its members are the authors.
        var mailboxes = list.Mailboxes.ToList();
        if (mailboxes.Count == 0)
            return new FromDomain(null, "the From field holds no address");
        var domains = new HashSet<string>(StringComparer.Ordinal);
        foreach (MailboxAddress mailbox in mailboxes)
        {
            // RFC 7489 §6.6.1: an address without a usable domain cannot be evaluated.
            if (string.IsNullOrEmpty(mailbox.Domain))
                return new FromDomain(null, $"the From address '{mailbox.Address}' has no domain");
            if (!DomainName.TryCanonicalize(mailbox.Domain, out string? domain))
                return new FromDomain(null, $"the From domain '{mailbox.Domain}' is not a domain name");
            domains.Add(domain!);
        }
        // RFC 7489 §6.6.1: several authors in one domain are evaluated once; in different domains they are refused
        // here (the RFC lets a receiver evaluate each; Wren keeps one verdict per message).
        return domains.Count == 1
            ? new FromDomain(domains.First(), null)
            : new FromDomain(null, $"the From field names {domains.Count} different domains: {string.Join(", ", domains.Order(StringComparer.Ordinal))}");
    }
}
