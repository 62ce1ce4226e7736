using System.Text;
using MimeKit.Utils;

namespace Wren.Imap.Server.Search;

/// <summary>
/// The base subject of RFC 5256 §2.1, which SORT SUBJECT and both THREAD algorithms compare: the subject with
/// encoded words decoded, whitespace collapsed, and reply/forward markers ("Re:", "Fwd:", "[list]" blobs,
/// "(fwd)", "[fwd: …]") removed.
/// </summary>
internal static class BaseSubject
{
    /// <summary>The base subject of a raw Subject value (encoded words not yet decoded); "" for none.</summary>
    public static string Extract(string? rawSubject) => Extract(rawSubject, out _);

    /// <summary>As <see cref="Extract(string?)"/>; <paramref name="isReplyOrForward"/> tells whether a reply/forward marker was removed (RFC 5256 §2.2 step 5).</summary>
    public static string Extract(string? rawSubject, out bool isReplyOrForward)
    {
        isReplyOrForward = false;
        if (string.IsNullOrEmpty(rawSubject))
            return "";
        // (1) Decode RFC 2047 words, turn tabs and continuations into spaces, collapse runs of spaces.
        string text = Rfc2047.DecodeText(Encoding.UTF8.GetBytes(rawSubject));
        text = CollapseWhitespace(text);
        while (true)
        {
            // (2) Remove trailing subj-trailer = "(fwd)" / WSP, repeatedly.
            while (true)
            {
                if (text.EndsWith(' '))
                {
                    text = text[..^1];
                }
                else if (text.EndsWith("(fwd)", StringComparison.OrdinalIgnoreCase))
                {
                    text = text[..^5];
                    isReplyOrForward = true;
                }
                else
                {
                    break;
                }
            }
            // (5) Repeat (3) and (4) until neither removes anything.
            bool removed;
            do
            {
                removed = false;
                // (3) Remove a subj-leader: *subj-blob subj-refwd, or WSP.
                while (TryRemoveLeader(ref text, ref isReplyOrForward))
                    removed = true;
                // (4) Remove a leading subj-blob when what is left is a non-empty base.
                int blob = BlobLength(text, 0);
                if (blob > 0 && text.Length > blob && text[blob..].Trim(' ').Length > 0)
                {
                    text = text[blob..];
                    removed = true;
                }
            }
            while (removed);
            // (6) "[fwd:" … "]": remove the wrapper and start over from (2).
            if (text.StartsWith("[fwd:", StringComparison.OrdinalIgnoreCase) && text.EndsWith(']'))
            {
                text = text[5..^1];
                isReplyOrForward = true;
                continue;
            }
            return text;
        }
    }

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                space = true;
                continue;
            }
            if (space)
                builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        if (space)
            builder.Append(' ');
        return builder.ToString();
    }

    // subj-leader = (*subj-blob subj-refwd) / WSP; subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"
    private static bool TryRemoveLeader(ref string text, ref bool isReplyOrForward)
    {
        if (text.StartsWith(' '))
        {
            text = text[1..];
            return true;
        }
        int at = 0;
        int blob;
        while ((blob = BlobLength(text, at)) > 0)
            at += blob;
        int refwd = RefwdLength(text, at);
        if (refwd == 0)
            return false;
        text = text[(at + refwd)..];
        isReplyOrForward = true;
        return true;
    }

    private static int RefwdLength(string text, int at)
    {
        int i = at;
        if (Matches(text, i, "re"))
            i += 2;
        else if (Matches(text, i, "fwd"))
            i += 3;
        else if (Matches(text, i, "fw"))
            i += 2;
        else
            return 0;
        while (i < text.Length && text[i] == ' ')
            i++;
        i += BlobLength(text, i);
        return i < text.Length && text[i] == ':' ? i + 1 - at : 0;
    }

    // subj-blob = "[" *BLOBCHAR "]" *WSP; BLOBCHAR = any CHAR except "[" and "]"
    private static int BlobLength(string text, int at)
    {
        if (at >= text.Length || text[at] != '[')
            return 0;
        int i = at + 1;
        while (i < text.Length && text[i] is not ('[' or ']'))
            i++;
        if (i >= text.Length || text[i] != ']')
            return 0;
        i++;
        while (i < text.Length && text[i] == ' ')
            i++;
        return i - at;
    }

    private static bool Matches(string text, int at, string word) =>
        string.Compare(text, at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 && text.Length >= at + word.Length;
}
