using System.Globalization;

namespace Wren.Imap.Protocol;

/// <summary>The date and date-time formats of RFC 9051 §9, both ways.</summary>
public static class ImapDates
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// date-text = date-day "-" date-month "-" date-year, e.g. <c>1-Feb-1994</c> (SEARCH dates; RFC 9051 §9).
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        int i = 0;
        if (!TryDigits(text, ref i, 1, 2, out int day) || !TryByte(text, ref i, (byte)'-')
            || !TryMonth(text, ref i, out int month) || !TryByte(text, ref i, (byte)'-')
            || !TryDigits(text, ref i, 4, 4, out int year) || i != text.Length)
            return false;
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// The inside of date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE,
    /// e.g. <c>17-Jul-1996 02:44:25 -0700</c> (APPEND; RFC 9051 §9). A one-digit day without its leading space
    /// is accepted too.
    /// </summary>
    public static bool TryParseDateTime(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        int i = 0;
        if (text.Length > 0 && text[0] == (byte)' ')
            i++;
        if (!TryDigits(text, ref i, 1, 2, out int day) || !TryByte(text, ref i, (byte)'-')
            || !TryMonth(text, ref i, out int month) || !TryByte(text, ref i, (byte)'-')
            || !TryDigits(text, ref i, 4, 4, out int year) || !TryByte(text, ref i, (byte)' ')
            || !TryDigits(text, ref i, 2, 2, out int hour) || !TryByte(text, ref i, (byte)':')
            || !TryDigits(text, ref i, 2, 2, out int minute) || !TryByte(text, ref i, (byte)':')
            || !TryDigits(text, ref i, 2, 2, out int second) || !TryByte(text, ref i, (byte)' ')
            || i >= text.Length || (text[i] != (byte)'+' && text[i] != (byte)'-'))
            return false;
        int sign = text[i++] == (byte)'-' ? -1 : 1;
        if (!TryDigits(text, ref i, 4, 4, out int zone) || i != text.Length)
            return false;
        int zoneHours = zone / 100;
        int zoneMinutes = zone % 100;
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60
            || zoneHours > 14 || zoneMinutes > 59)
            return false;
        // A leap second (RFC 5322 §3.3 allows 60) is taken as the next second's start.
        var offset = new TimeSpan(sign * zoneHours, sign * zoneMinutes, 0);
        value = new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset);
        return true;
    }

    /// <summary>Formats a date-time for INTERNALDATE: <c>"17-Jul-1996 02:44:25 -0700"</c> without the quotes.</summary>
    public static string FormatDateTime(DateTimeOffset value)
    {
        TimeSpan offset = value.Offset;
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{value.Day:00}-{Months[value.Month - 1]}-{value.Year:0000} {value.Hour:00}:{value.Minute:00}:{value.Second:00} {sign}{offset.Hours:00}{offset.Minutes:00}");
    }

    /// <summary>Formats a date: <c>1-Feb-1994</c>.</summary>
    public static string FormatDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day}-{Months[date.Month - 1]}-{date.Year:0000}");

    private static bool TryByte(ReadOnlySpan<byte> text, ref int i, byte b)
    {
        if (i >= text.Length || text[i] != b)
            return false;
        i++;
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, ref int i, int min, int max, out int value)
    {
        value = 0;
        int start = i;
        while (i < text.Length && i - start < max && ImapChars.IsDigit(text[i]))
            value = value * 10 + (text[i++] - '0');
        return i - start >= min;
    }

    private static bool TryMonth(ReadOnlySpan<byte> text, ref int i, out int month)
    {
        month = 0;
        if (text.Length - i < 3)
            return false;
        ReadOnlySpan<byte> name = text.Slice(i, 3);
        for (int m = 0; m < 12; m++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, Months[m]))
            {
                month = m + 1;
                i += 3;
                return true;
            }
        }
        return false;
    }
}
