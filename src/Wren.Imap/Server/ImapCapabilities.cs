using Wren.Net.Sasl;

namespace Wren.Imap.Server;

/// <summary>
/// The capability list (RFC 9051 §7.2.2), defined once for the greeting, CAPABILITY and the tagged OK of a
/// login. It names only what the server implements, and changes with the session: STARTTLS until TLS is
/// active, AUTH= and SASL-IR only where authentication is allowed (else LOGINDISABLED), none of them after login.
/// </summary>
internal static class ImapCapabilities
{
    /// <summary>RFC 9051.</summary>
    public const string Imap4Rev2 = "IMAP4rev2";

    /// <summary>RFC 3501.</summary>
    public const string Imap4Rev1 = "IMAP4rev1";

    /// <summary>RFC 6855: UTF-8 mailbox names and message headers.</summary>
    public const string Utf8Accept = "UTF8=ACCEPT";

    /// <summary>RFC 7162 §3.1: MODSEQ, CHANGEDSINCE, UNCHANGEDSINCE.</summary>
    public const string CondStore = "CONDSTORE";

    /// <summary>RFC 7162 §3.2: quick resynchronisation (VANISHED, SELECT … QRESYNC).</summary>
    public const string QResync = "QRESYNC";

    /// <summary>
    /// What ENABLE can turn on (RFC 5161 §3.1), upper case as the parser delivers names, to the spelling the
    /// ENABLED response uses. UTF8=ACCEPT is enabled for mailbox names already, but advertised only once the
    /// mailbox commands honour it everywhere (APPEND UTF8, RFC 6855 §4).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Enableable { get; } = new Dictionary<string, string>
    {
        ["IMAP4REV2"] = Imap4Rev2,
        ["UTF8=ACCEPT"] = Utf8Accept,
        ["CONDSTORE"] = CondStore,
        ["QRESYNC"] = QResync,
    };

    /// <summary>
    /// The SASL mechanisms AUTHENTICATE offers: those Wren.Net implements for every protocol, except LOGIN,
    /// which IMAP has as a command of its own (RFC 9051 §6.2.3).
    /// </summary>
    public static IReadOnlyList<string> Mechanisms(SaslMechanismFactory sasl) =>
        sasl.SupportedNames.Where(m => m != SaslMechanismNames.Login).ToArray();

    /// <summary>The capability list as sent after <c>* CAPABILITY</c> or in <c>[CAPABILITY …]</c>.</summary>
    /// <param name="authenticated">The session has logged in.</param>
    /// <param name="canStartTls">STARTTLS is possible now (a certificate, plaintext so far).</param>
    /// <param name="authAllowed">LOGIN and AUTHENTICATE are allowed now (TLS, or configured for tests).</param>
    /// <param name="mechanisms">The SASL mechanisms offered.</param>
    /// <param name="literalPlus">LITERAL+ rather than LITERAL- (RFC 7888).</param>
    /// <param name="appendLimit">The largest message APPEND accepts (RFC 7889 APPENDLIMIT).</param>
    public static string Format(bool authenticated, bool canStartTls, bool authAllowed, IReadOnlyList<string> mechanisms, bool literalPlus,
        long appendLimit)
    {
        var list = new List<string>(16) { Imap4Rev2, Imap4Rev1 };
        if (!authenticated)
        {
            if (canStartTls)
                list.Add("STARTTLS");                       // RFC 9051 §6.2.1
            if (authAllowed)
            {
                foreach (string mechanism in mechanisms)
                    list.Add("AUTH=" + mechanism);          // RFC 9051 §6.2.2
                list.Add("SASL-IR");                        // RFC 4959
            }
            else
            {
                list.Add("LOGINDISABLED");                  // RFC 9051 §6.2.3
            }
        }
        list.Add("ENABLE");                                 // RFC 5161
        list.Add("ID");                                     // RFC 2971
        list.Add(literalPlus ? "LITERAL+" : "LITERAL-");    // RFC 7888
        list.Add("NAMESPACE");                              // RFC 2342, part of RFC 9051
        list.AddRange(Extensions);
        list.Add("APPENDLIMIT=" + appendLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)); // RFC 7889
        return string.Join(' ', list);
    }

    /// <summary>The extensions of the mailbox and message commands (advertised in every state, as RFC 9051 §7.2.2 allows).</summary>
    private static readonly string[] Extensions =
    [
        "UNSELECT",                 // RFC 3691
        "UIDPLUS",                  // RFC 4315
        "MOVE",                     // RFC 6851
        "CONDSTORE",                // RFC 7162
        "QRESYNC",                  // RFC 7162
        "IDLE",                     // RFC 2177
        "SPECIAL-USE",              // RFC 6154
        "CREATE-SPECIAL-USE",       // RFC 6154
        "LIST-EXTENDED",            // RFC 5258
        "LIST-STATUS",              // RFC 5819
        "CHILDREN",                 // RFC 3348
        "ESEARCH",                  // RFC 4731
        "SEARCHRES",                // RFC 5182
        "SORT",                     // RFC 5256
        "SORT=DISPLAY",             // RFC 5957
        "ESORT",                    // RFC 5267
        "WITHIN",                   // RFC 5032
        "THREAD=REFERENCES",        // RFC 5256
        "THREAD=ORDEREDSUBJECT",    // RFC 5256
        "QUOTA",                    // RFC 9208
        "QUOTA=RES-STORAGE",        // RFC 9208
        "QUOTA=RES-MESSAGE",        // RFC 9208
        "STATUS=SIZE",              // RFC 8438
        "OBJECTID",                 // RFC 8474
        "UTF8=ACCEPT",              // RFC 6855
        "BINARY",                   // RFC 3516
        "COMPRESS=DEFLATE",         // RFC 4978
    ];
}
