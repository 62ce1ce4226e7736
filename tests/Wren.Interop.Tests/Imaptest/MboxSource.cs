using System.Globalization;
using System.Text.RegularExpressions;

namespace Wren.Interop.Tests.Imaptest;

/// <summary>
/// The messages of a script's mbox, handed out in order and starting over at the end (as imaptest does when a
/// script appends more than the file holds). A message runs from its <c>From </c> line (whose date becomes the
/// APPEND's INTERNALDATE) to the next valid one; its lines are sent with CRLF endings.
/// </summary>
public sealed partial class MboxSource
{
    private readonly List<MboxMessage> _messages;
    private int _next;

    private MboxSource(List<MboxMessage> messages) => _messages = messages;

    /// <summary>Reads the mbox at <paramref name="path"/>.</summary>
    public static MboxSource Load(string path) => FromText(ScriptParser.Bytes.GetString(File.ReadAllBytes(path)));

    /// <summary>Reads mbox text (Latin-1 decoded).</summary>
    public static MboxSource FromText(string mbox)
    {
        var messages = Split(mbox);
        return messages.Count > 0 ? new MboxSource(messages) : throw new InvalidDataException("Not a valid mbox: no message");
    }

    /// <summary>How many messages the file holds.</summary>
    public int Count => _messages.Count;

    /// <summary>True when every message was handed out once since the start (or the last wrap).</summary>
    public bool AtEnd => _next == _messages.Count;

    /// <summary>The next message, wrapping around after the last.</summary>
    public MboxMessage Next()
    {
        if (_next == _messages.Count)
            _next = 0;
        return _messages[_next++];
    }

    private static List<MboxMessage> Split(string mbox)
    {
        var messages = new List<MboxMessage>();
        var lines = mbox.Split('\n');
        bool endsWithLf = mbox.EndsWith('\n');
        int count = endsWithLf ? lines.Length - 1 : lines.Length;
        DateTimeOffset? date = null;
        var body = new System.Text.StringBuilder();
        bool hasBody = false;
        for (int i = 0; i < count; i++)
        {
            string line = lines[i];
            if (TryParseFromLine(line, out var next))
            {
                if (hasBody)
                    messages.Add(new MboxMessage(body.ToString(), date!.Value));
                // A From line right after another one (an empty message) keeps the first one's date.
                if (hasBody || date is null)
                    date = next;
                body.Clear();
                hasBody = false;
                continue;
            }
            if (date is null)
                throw new InvalidDataException("Not a valid mbox: it does not start with a From line");
            body.Append(line.TrimEnd('\r'));
            if (i < count - 1 || endsWithLf)
                body.Append("\r\n");
            hasBody = true;
        }
        if (hasBody)
            messages.Add(new MboxMessage(body.ToString(), date!.Value));
        return messages;
    }

    /// <summary>
    /// Parses <c>From sender Www Mmm dd hh:mm[:ss] [zone] yyyy [±hhmm]</c>; a date without a zone is taken as UTC.
    /// </summary>
    public static bool TryParseFromLine(string line, out DateTimeOffset date)
    {
        date = default;
        var m = FromLine().Match(line);
        if (!m.Success)
            return false;
        int month = Array.IndexOf(Months, m.Groups["mon"].Value.ToLowerInvariant()) + 1;
        if (month == 0)
            return false;
        int year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year < 100)
            year += year < 70 ? 2000 : 1900;
        var offset = TimeSpan.Zero;
        string zone = m.Groups["tz"].Success ? m.Groups["tz"].Value : m.Groups["tz2"].Success ? m.Groups["tz2"].Value : "";
        if (zone.Length == 5 && zone[0] is '+' or '-')
        {
            int hh = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture), mm = int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture);
            offset = new TimeSpan(hh, mm, 0) * (zone[0] == '-' ? -1 : 1);
        }
        int seconds = m.Groups["sec"].Success ? int.Parse(m.Groups["sec"].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            date = new DateTimeOffset(year, month, int.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture), seconds, offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    [GeneratedRegex(@"^From \S*\s+(?:[A-Za-z]{3},?\s+)?(?<mon>[A-Za-z]{3})\s+(?<day>\d{1,2})\s+(?<hour>\d{1,2}):(?<min>\d{2})(?::(?<sec>\d{2}))?\s+(?:(?<tz>[+-]\d{4}|[A-Z]{3,4})\s+)?(?<year>\d{2,4})(?:\s+(?<tz2>[+-]\d{4}))?")]
    private static partial Regex FromLine();
}

/// <summary>One mbox message: its content with CRLF line endings (Latin-1), and its From-line date.</summary>
/// <param name="Content">What APPEND sends.</param>
/// <param name="Date">The INTERNALDATE to give it.</param>
public sealed record MboxMessage(string Content, DateTimeOffset Date)
{
    /// <summary>The date in IMAP's date-time syntax: <c>22-Feb-2008 17:06:23 +0000</c>.</summary>
    public string ImapDate =>
        Date.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
        (Date.Offset < TimeSpan.Zero ? "-" : "+") + Date.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}
