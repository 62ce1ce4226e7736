using System.Globalization;
using System.Text;

namespace Wren.Bench.Imap;

/// <summary>
/// The bench's mailbox content: message <c>i</c> of seed <c>s</c> is always the same bytes, whatever server it
/// goes to and in whatever order, so two servers are measured on the same messages. Realistic in shape:
/// RFC 5322 headers with two Received fields, encoded-word display names, replies with In-Reply-To and
/// References; 60 % text/plain of 2–20 KB, 25 % multipart/alternative (text and HTML) of 4–30 KB, 15 %
/// multipart/mixed with a base64 attachment of 10–50 KB. Lines are at most 78 characters, CRLF ends.
/// </summary>
/// <remarks>
/// Two marker words make the searches' answers known in advance: <see cref="SubjectWord"/> is in the subject of
/// every message whose index is 7 modulo 100 (1 %), <see cref="BodyWord"/> in the text of every message whose
/// index is 3 modulo 200 (0.5 %). Neither occurs anywhere else: the vocabulary has no word containing them,
/// and the chance that the random attachments spell one (raw or decoded) is below one in 10^4 per 100,000
/// messages.
/// </remarks>
internal sealed class BenchMailGenerator(int seed, string recipient)
{
    /// <summary>The word searched for in the Subject header.</summary>
    public const string SubjectWord = "kumquat";

    /// <summary>The word searched for in message bodies.</summary>
    public const string BodyWord = "xylophone";

    private static readonly string[] Vocabulary =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you",
        "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will",
        "would", "who", "so", "no", "meeting", "report", "budget", "schedule", "project", "review", "update",
        "invoice", "contract", "release", "server", "deadline", "customer", "team", "design", "question",
        "proposal", "attached", "please", "thanks", "tomorrow", "monday", "friday", "agenda", "minutes", "draft",
        "version", "numbers", "figures", "office", "travel", "hotel", "flight", "lunch", "coffee", "weekend",
        "holiday", "garden", "weather", "library", "museum", "concert", "ticket", "package", "delivery",
        "account", "password", "security", "network", "backup", "storage", "database", "migration", "testing",
        "quality", "support", "ticket", "priority", "status", "summary", "planning", "strategy", "analysis",
        "results", "feedback", "comments", "changes", "approval", "signature", "document", "spreadsheet",
    ];

    private static readonly string[] FirstNames =
        ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter"];

    private static readonly string[] LastNames =
        ["Smith", "Jones", "Miller", "Garcia", "Martin", "Bernard", "Rossi", "Novak", "Kowalski", "Nielsen", "Tanaka", "Silva", "Dubois", "Weber"];

    // Names that need RFC 2047 encoded-words in a header.
    private static readonly string[] EncodedNames =
        ["=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?=", "=?UTF-8?B?w4lsb2RpZSBMZWZlYnZyZQ==?=", "=?ISO-8859-1?Q?Fran=E7ois_Lef=E8vre?="];

    private static readonly string[] Domains = ["example.com", "example.org", "mail.example.net", "corp.example", "lists.example.com"];

    private static readonly DateTimeOffset FirstDate = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    /// <summary>True when message <paramref name="index"/> carries <see cref="SubjectWord"/> in its Subject.</summary>
    public static bool HasSubjectWord(int index) => index % 100 == 7;

    /// <summary>True when message <paramref name="index"/> carries <see cref="BodyWord"/> in its text.</summary>
    public static bool HasBodyWord(int index) => index % 200 == 3;

    /// <summary>How many of messages 0 … <paramref name="count"/>−1 carry <see cref="SubjectWord"/> in the Subject.</summary>
    public static int SubjectMatches(int count) => Enumerable.Range(0, count).Count(HasSubjectWord);

    /// <summary>How many of messages 0 … <paramref name="count"/>−1 carry <see cref="BodyWord"/> in their text.</summary>
    public static int BodyMatches(int count) => Enumerable.Range(0, count).Count(HasBodyWord);

    /// <summary>Message <paramref name="index"/>: the same bytes for the same seed, recipient and index.</summary>
    public byte[] Message(int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var m = new StringBuilder(64 * 1024);
        string fromDomain = Domains[random.Next(Domains.Length)];
        string fromLocal = FirstNames[random.Next(FirstNames.Length)].ToLowerInvariant() + "." + LastNames[random.Next(LastNames.Length)].ToLowerInvariant();
        string fromName = random.Next(10) == 0
            ? EncodedNames[random.Next(EncodedNames.Length)]
            : FirstNames[random.Next(FirstNames.Length)] + " " + LastNames[random.Next(LastNames.Length)];
        DateTimeOffset date = FirstDate.AddMinutes(index * 7.0 + random.Next(7)).ToOffset(TimeSpan.FromHours(random.Next(-8, 9)));
        string dateText = date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        string messageId = $"<{index}.{seed}.{random.Next():x8}@{fromDomain}>";

        // Received fields as an MTA and an MX would add them.
        m.Append(CultureInfo.InvariantCulture, $"Received: from mx.{fromDomain} (mx.{fromDomain} [192.0.2.{random.Next(1, 255)}])\r\n\tby mail.wren.test with ESMTPS id {random.Next():X8}\r\n\tfor <{recipient}>; {dateText}\r\n");
        m.Append(CultureInfo.InvariantCulture, $"Received: from client.{fromDomain} ([198.51.100.{random.Next(1, 255)}])\r\n\tby mx.{fromDomain} with ESMTPSA id {random.Next():X8}; {dateText}\r\n");
        m.Append(CultureInfo.InvariantCulture, $"From: {fromName} <{fromLocal}@{fromDomain}>\r\n");
        m.Append(CultureInfo.InvariantCulture, $"To: <{recipient}>\r\n");
        if (random.Next(4) == 0)
            m.Append(CultureInfo.InvariantCulture, $"Cc: {FirstNames[random.Next(FirstNames.Length)]} <cc{random.Next(100)}@{Domains[random.Next(Domains.Length)]}>, <team@{fromDomain}>\r\n");
        string subject = Words(random, random.Next(3, 8), capitalise: true);
        if (HasSubjectWord(index))
            subject += " " + SubjectWord;
        bool reply = random.Next(3) == 0;
        m.Append("Subject: ").Append(reply ? "Re: " : "").Append(subject).Append("\r\n");
        m.Append("Date: ").Append(dateText).Append("\r\n");
        m.Append("Message-ID: ").Append(messageId).Append("\r\n");
        if (reply)
        {
            string parent = $"<{Math.Max(0, index - random.Next(1, 50))}.{seed}.parent@{fromDomain}>";
            m.Append("In-Reply-To: ").Append(parent).Append("\r\nReferences: ").Append(parent).Append("\r\n");
        }
        m.Append("MIME-Version: 1.0\r\n");

        int kind = random.Next(100);
        if (kind < 60)
        {
            m.Append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
            Text(m, random, random.Next(2_000, 20_000) - m.Length / 2, HasBodyWord(index));
        }
        else if (kind < 85)
        {
            string boundary = $"=_alt_{index}_{random.Next():x}";
            int textSize = random.Next(1_500, 12_000);
            m.Append(CultureInfo.InvariantCulture, $"Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n");
            m.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
            int before = m.Length;
            Text(m, random, textSize, HasBodyWord(index));
            string text = m.ToString(before, m.Length - before);
            m.Append(CultureInfo.InvariantCulture, $"\r\n--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
            m.Append("<html><body>\r\n");
            foreach (string line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
                m.Append("<p>").Append(line).Append("</p>\r\n");
            m.Append("</body></html>\r\n");
            m.Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n");
        }
        else
        {
            string boundary = $"=_mixed_{index}_{random.Next():x}";
            m.Append(CultureInfo.InvariantCulture, $"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\nThis is a multi-part message in MIME format.\r\n");
            m.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
            Text(m, random, random.Next(500, 4_000), HasBodyWord(index));
            string name = Words(random, 2, capitalise: false).Replace(' ', '-') + (random.Next(2) == 0 ? ".pdf" : ".png");
            string type = name.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "image/png";
            m.Append(CultureInfo.InvariantCulture, $"\r\n--{boundary}\r\nContent-Type: {type}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            Attachment(m, random, random.Next(6_000, 34_000));
            m.Append(CultureInfo.InvariantCulture, $"--{boundary}--\r\n");
        }
        return Encoding.UTF8.GetBytes(m.ToString());
    }

    private static string Words(Random random, int count, bool capitalise)
    {
        var words = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                words.Append(' ');
            string word = Vocabulary[random.Next(Vocabulary.Length)];
            words.Append(i == 0 && capitalise ? char.ToUpperInvariant(word[0]) + word[1..] : word);
        }
        return words.ToString();
    }

    // Paragraphs of vocabulary words in lines of at most 72 characters, about `size` characters in all;
    // the marker word, when asked for, goes into a line about halfway.
    private static void Text(StringBuilder m, Random random, int size, bool marker)
    {
        size = Math.Max(size, 200);
        int written = 0;
        bool markerDone = !marker;
        int line = 0;
        var current = new StringBuilder(80);
        while (written < size)
        {
            current.Clear();
            if (!markerDone && written >= size / 2)
            {
                current.Append("see the ").Append(BodyWord).Append(" notes");
                markerDone = true;
            }
            while (current.Length < 60)
            {
                if (current.Length > 0)
                    current.Append(' ');
                current.Append(Vocabulary[random.Next(Vocabulary.Length)]);
            }
            current.Append(line % 5 == 4 ? ".\r\n\r\n" : "\r\n");
            m.Append(current);
            written += current.Length;
            line++;
        }
        if (!markerDone)
            m.Append("see the ").Append(BodyWord).Append(" notes\r\n");
    }

    // Random octets in base64, 76 characters a line (RFC 2045 §6.8).
    private static void Attachment(StringBuilder m, Random random, int octets)
    {
        byte[] data = new byte[octets];
        random.NextBytes(data);
        string base64 = Convert.ToBase64String(data);
        for (int i = 0; i < base64.Length; i += 76)
            m.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append("\r\n");
    }
}
