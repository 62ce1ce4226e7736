using System.Text;

namespace Wren.Mail.Tests.Summaries;

/// <summary>
/// Splits an mbox file the way imaptest's mbox source does: a message is everything between one "From " line
/// and the next, with bare LFs turned into CRLFs.
/// </summary>
internal static class MboxReader
{
    public static List<byte[]> ReadMessages(string path, bool crlf = true)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var messages = new List<byte[]>();
        MemoryStream? current = null;
        int position = 0;
        while (position < bytes.Length)
        {
            int lf = Array.IndexOf(bytes, (byte)'\n', position);
            int end = lf < 0 ? bytes.Length : lf + 1;
            ReadOnlySpan<byte> line = bytes.AsSpan(position, end - position);
            position = end;
            if (line.StartsWith("From "u8))
            {
                if (current is not null)
                    messages.Add(current.ToArray());
                current = new MemoryStream();
                continue;
            }
            if (current is null)
                continue;
            if (crlf && line.EndsWith("\n"u8) && !line.EndsWith("\r\n"u8))
            {
                current.Write(line[..^1]);
                current.Write("\r\n"u8);
            }
            else
            {
                current.Write(line);
            }
        }
        if (current is not null)
            messages.Add(current.ToArray());
        return messages;
    }

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
