namespace Wren.Mail.Summaries;

/// <summary>
/// Selects header fields for BODY[HEADER.FIELDS (…)] and BODY[HEADER.FIELDS.NOT (…)] (RFC 9051 §6.4.5): the
/// chosen fields' lines as stored, in header order, then the empty line that ends a header.
/// </summary>
public static class HeaderFieldFilter
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    /// <summary>
    /// The fields of <paramref name="header"/> (a header section, up to its empty line) whose names are in
    /// <paramref name="names"/> (case-insensitive), or with <paramref name="exclude"/> those whose names are not,
    /// followed by CRLF.
    /// </summary>
    public static byte[] Filter(ReadOnlySpan<byte> header, IReadOnlyCollection<string> names, bool exclude)
    {
        ArgumentNullException.ThrowIfNull(names);
        var output = new MemoryStream();
        int position = 0;
        while (position < header.Length)
        {
            int lineEnd = LineEnd(header, position);
            if (IsEmptyLine(header[position..lineEnd]))
                break; // the header's terminating empty line
            // A field is its first line plus the continuation lines starting with SP or HTAB (RFC 5322 §2.2.3).
            int fieldEnd = lineEnd;
            while (fieldEnd < header.Length && header[fieldEnd] is (byte)' ' or (byte)'\t')
                fieldEnd = LineEnd(header, fieldEnd);

            ReadOnlySpan<byte> field = header[position..fieldEnd];
            int colon = field.IndexOf((byte)':');
            bool named = colon > 0 && Matches(field[..colon].TrimEnd(" \t"u8), names);
            if (named != exclude)
            {
                output.Write(field);
                if (field[^1] != '\n')
                    output.Write(Crlf);
            }
            position = fieldEnd;
        }
        output.Write(Crlf);
        return output.ToArray();
    }

    private static int LineEnd(ReadOnlySpan<byte> bytes, int start)
    {
        int lf = bytes[start..].IndexOf((byte)'\n');
        return lf < 0 ? bytes.Length : start + lf + 1;
    }

    private static bool IsEmptyLine(ReadOnlySpan<byte> line) =>
        line.Length == 0 || line.SequenceEqual("\n"u8) || line.SequenceEqual("\r\n"u8);

    private static bool Matches(ReadOnlySpan<byte> name, IReadOnlyCollection<string> names)
    {
        foreach (string candidate in names)
        {
            if (candidate.Length != name.Length)
                continue;
            bool equal = true;
            for (int i = 0; i < name.Length && equal; i++)
                equal = char.ToUpperInvariant((char)name[i]) == char.ToUpperInvariant(candidate[i]);
            if (equal)
                return true;
        }
        return false;
    }
}
