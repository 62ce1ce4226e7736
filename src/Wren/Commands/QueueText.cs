using System.Globalization;
using Wren.Mail.Addresses;
using Wren.Mail.Envelopes;
using Wren.Store.Queue;

namespace Wren.Cli.Commands;

/// <summary>
/// How <c>wren queue</c> spells queue facts, in text and JSON alike: the SMTP parameter values as they appear on
/// the wire (<c>8BITMIME</c>, <c>HDRS</c>, <c>NOTIFY=FAILURE,DELAY</c>), local times, ages.
/// </summary>
public static class QueueText
{
    /// <summary>The reverse-path as written in MAIL FROM: <c>&lt;&gt;</c> for the null sender.</summary>
    public static string Sender(EmailAddress? sender) => sender is null ? "<>" : $"<{sender}>";

    /// <summary>The BODY= value (RFC 6152, RFC 3030); <c>7BIT</c> also when none was given.</summary>
    public static string Body(BodyType body) => body switch
    {
        BodyType.EightBitMime => "8BITMIME",
        BodyType.BinaryMime => "BINARYMIME",
        _ => "7BIT",
    };

    /// <summary>The RET= value (RFC 3461 §4.3), or null when none was given.</summary>
    public static string? Return(DsnReturn ret) => ret switch
    {
        DsnReturn.Full => "FULL",
        DsnReturn.Headers => "HDRS",
        _ => null,
    };

    /// <summary>The NOTIFY= keywords (RFC 3461 §4.1) in the RFC's order, or empty when none was given.</summary>
    public static IReadOnlyList<string> Notify(DsnNotify notify)
    {
        if (notify == DsnNotify.Unspecified)
            return [];
        if (notify.HasFlag(DsnNotify.Never))
            return ["NEVER"];
        var keywords = new List<string>(3);
        if (notify.HasFlag(DsnNotify.Success))
            keywords.Add("SUCCESS");
        if (notify.HasFlag(DsnNotify.Failure))
            keywords.Add("FAILURE");
        if (notify.HasFlag(DsnNotify.Delay))
            keywords.Add("DELAY");
        return keywords;
    }

    /// <summary>The ORCPT= value decoded (RFC 3461 §4.2): <c>addr-type;address</c>, or null.</summary>
    public static string? OriginalRecipient(OriginalRecipient? original) =>
        original is null ? null : $"{original.AddressType};{original.Address}";

    /// <summary>The status in lower case: <c>pending</c>, <c>delivered</c>, <c>failed</c>.</summary>
    public static string Status(QueueRecipientStatus status) => status switch
    {
        QueueRecipientStatus.Delivered => "delivered",
        QueueRecipientStatus.Failed => "failed",
        _ => "pending",
    };

    /// <summary>A time in the local zone, to the minute (for tables).</summary>
    public static string ShortTime(DateTimeOffset time) =>
        time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A time in the local zone, to the second, with its UTC offset (for <c>show</c>).</summary>
    public static string LongTime(DateTimeOffset time) =>
        time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>A duration the way an operator reads it at a glance: <c>45s</c>, <c>12m</c>, <c>3h 5m</c>, <c>2d 4h</c>.</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
            age = TimeSpan.Zero; // a clock step back; "0s" is the honest reading
        return age.TotalMinutes < 1 ? $"{age.Seconds}s"
            : age.TotalHours < 1 ? $"{age.Minutes}m"
            : age.TotalDays < 1 ? $"{age.Hours}h {age.Minutes}m"
            : $"{(int)age.TotalDays}d {age.Hours}h";
    }

    /// <summary>
    /// Text that came from outside (a remote server's reply, a decoded ENVID or ORCPT) with control characters
    /// replaced by spaces, so it cannot move the cursor or recolour the operator's terminal.
    /// </summary>
    public static string Printable(string? text) =>
        new((text ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
