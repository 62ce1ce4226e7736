namespace Wren.Delivery.Bounces;

/// <summary>
/// Plain-language readings of the RFC 3463 enhanced status codes a sender meets most, for the text part
/// (the code itself stays in the machine-readable part).
/// </summary>
internal static class StatusDescriptions
{
    // RFC 3463 §3.3–3.9: subject.detail, whatever the class.
    private static readonly Dictionary<string, string> Details = new()
    {
        ["1.1"] = "the recipient's mailbox does not exist",
        ["1.2"] = "the recipient's domain does not exist or does not accept mail",
        ["1.3"] = "the recipient's address is not valid",
        ["1.10"] = "the recipient's domain does not accept mail (null MX)",
        ["2.1"] = "the recipient's mailbox is disabled",
        ["2.2"] = "the recipient's mailbox is full",
        ["2.3"] = "the message is larger than the recipient's mailbox accepts",
        ["3.4"] = "the message is larger than the receiving system accepts",
        ["4.1"] = "the recipient's mail server does not answer",
        ["4.2"] = "the connection to the recipient's mail server was lost",
        ["4.3"] = "the recipient's mail server could not be found (DNS failure)",
        ["4.4"] = "the recipient's mail server could not be found",
        ["4.7"] = "the message could not be delivered in time",
        ["6.7"] = "the recipient's mail system does not accept international (UTF-8) addresses",
        ["7.1"] = "the recipient's mail server refused the message (not authorized)",
        ["7.26"] = "the message failed the recipient's sender authentication checks",
    };

    /// <summary>A short reading of <paramref name="status"/>, or null for a code with none.</summary>
    public static string? Describe(string status)
    {
        int dot = status.IndexOf('.');
        if (dot < 0)
            return null;
        if (Details.TryGetValue(status[(dot + 1)..], out string? detail))
            return detail;
        return status[0] switch
        {
            '5' => "a permanent error",
            '4' => "a temporary error",
            '2' => "success",
            _ => null,
        };
    }
}
