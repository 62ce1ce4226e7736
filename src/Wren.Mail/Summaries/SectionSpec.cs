using System.Globalization;

namespace Wren.Mail.Summaries;

/// <summary>
/// A parsed FETCH section spec (RFC 9051 §6.4.5 and §9 "section-spec"): part numbers such as 1.2.3 and an
/// optional section-text (HEADER, HEADER.FIELDS (…), HEADER.FIELDS.NOT (…), TEXT, MIME).
/// </summary>
/// <param name="Part">The part numbers, outermost first; empty for the message itself.</param>
/// <param name="Kind">The section-text.</param>
/// <param name="Fields">The header field names of HEADER.FIELDS and HEADER.FIELDS.NOT; empty otherwise.</param>
public sealed record SectionSpec(IReadOnlyList<int> Part, SectionKind Kind, IReadOnlyList<string> Fields)
{
    /// <summary>The whole message: BODY[].</summary>
    public static SectionSpec Whole { get; } = new([], SectionKind.Full, []);

    /// <summary>
    /// Parses the text between the brackets of BODY[…], e.g. <c>""</c>, <c>"1.2"</c>, <c>"HEADER"</c>,
    /// <c>"2.HEADER.FIELDS (From \"Subject\")"</c> or <c>"1.MIME"</c>; case-insensitive. False when the text breaks
    /// the grammar (a zero part number, MIME without part numbers, an empty or unclosed field list …).
    /// </summary>
    public static bool TryParse(string text, out SectionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(text);
        spec = Whole;
        var part = new List<int>();
        int i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                i++;
            // section-part = nz-number *("." nz-number)
            if (!int.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number == 0)
                return false;
            part.Add(number);
            if (i == text.Length)
                break;
            if (text[i] != '.')
                return false;
            i++;
            if (i == text.Length)
                return false; // "1." is not a section
        }

        string rest = text[i..];
        if (rest.Length == 0)
        {
            spec = new SectionSpec(part, SectionKind.Full, []);
            return true;
        }
        if (rest.Equals("HEADER", StringComparison.OrdinalIgnoreCase))
            return Done(part, SectionKind.Header, out spec);
        if (rest.Equals("TEXT", StringComparison.OrdinalIgnoreCase))
            return Done(part, SectionKind.Text, out spec);
        if (rest.Equals("MIME", StringComparison.OrdinalIgnoreCase))
            return part.Count > 0 && Done(part, SectionKind.Mime, out spec); // section-text: "MIME" only after a part

        SectionKind kind;
        string list;
        if (rest.StartsWith("HEADER.FIELDS.NOT ", StringComparison.OrdinalIgnoreCase))
        {
            kind = SectionKind.HeaderFieldsNot;
            list = rest["HEADER.FIELDS.NOT ".Length..];
        }
        else if (rest.StartsWith("HEADER.FIELDS ", StringComparison.OrdinalIgnoreCase))
        {
            kind = SectionKind.HeaderFields;
            list = rest["HEADER.FIELDS ".Length..];
        }
        else
        {
            return false;
        }
        if (!TryParseFieldList(list.Trim(), out List<string> fields))
            return false;
        spec = new SectionSpec(part, kind, fields);
        return true;
    }

    private static bool Done(List<int> part, SectionKind kind, out SectionSpec spec)
    {
        spec = new SectionSpec(part, kind, []);
        return true;
    }

    // header-list = "(" header-fld-name *(SP header-fld-name) ")"; header-fld-name = astring
    private static bool TryParseFieldList(string list, out List<string> fields)
    {
        fields = [];
        if (list.Length < 2 || list[0] != '(' || list[^1] != ')')
            return false;
        int i = 1;
        int end = list.Length - 1;
        while (i < end)
        {
            if (list[i] == ' ')
            {
                i++;
                continue;
            }
            if (list[i] == '"')
            {
                var name = new System.Text.StringBuilder();
                i++;
                while (i < end && list[i] != '"')
                {
                    if (list[i] == '\\' && i + 1 < end)
                        i++;
                    name.Append(list[i++]);
                }
                if (i >= end)
                    return false;
                i++;
                fields.Add(name.ToString());
                continue;
            }
            int start = i;
            while (i < end && list[i] is not (' ' or '(' or ')' or '"'))
                i++;
            if (i == start)
                return false;
            fields.Add(list[start..i]);
        }
        return fields.Count > 0;
    }
}
