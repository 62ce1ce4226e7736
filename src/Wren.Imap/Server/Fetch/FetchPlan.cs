using Wren.Imap.Protocol;
using Wren.Mail.Summaries;

namespace Wren.Imap.Server.Fetch;

/// <summary>
/// What a FETCH command asks for, worked out once before any message is read (RFC 9051 §6.4.5): the items in
/// the order asked, each body section resolved to a <see cref="SectionSpec"/>, and what the command needs from
/// the store (summaries, contents) and does to it (\Seen).
/// </summary>
internal sealed class FetchPlan
{
    private FetchPlan(IReadOnlyList<PlannedItem> items) => Items = items;

    /// <summary>The items, in the order asked.</summary>
    public IReadOnlyList<PlannedItem> Items { get; }

    /// <summary>A message summary is needed (ENVELOPE, BODYSTRUCTURE, or a section other than the whole message).</summary>
    public bool NeedsSummary { get; private init; }

    /// <summary>The message's bytes are sent (a body section, BINARY, RFC822…).</summary>
    public bool NeedsContent { get; private init; }

    /// <summary>
    /// RFC 9051 §6.4.5: BODY[…] (not .PEEK), BINARY[…] (not .PEEK), RFC822 and RFC822.TEXT set \Seen.
    /// </summary>
    public bool SetsSeen { get; private init; }

    /// <summary>BINARY or BINARY.SIZE of a part is asked: the parts' encodings are checked first (RFC 3516 §4.3).</summary>
    public bool HasBinaryParts { get; private init; }

    /// <summary>FLAGS is among the items.</summary>
    public bool HasFlags { get; private init; }

    /// <summary>UID is among the items.</summary>
    public bool HasUid { get; private init; }

    /// <summary>MODSEQ is among the items (RFC 7162 §3.1.4: a CONDSTORE enabling command).</summary>
    public bool HasModSeq { get; private init; }

    /// <summary>
    /// Converts the parsed items. False, with the reason, for a section Wren cannot address (a part number
    /// beyond any message's reach): the command is answered BAD.
    /// </summary>
    public static bool TryCreate(IReadOnlyList<FetchItem> items, out FetchPlan plan, out string? error)
    {
        var planned = new List<PlannedItem>(items.Count);
        bool summary = false, content = false, seen = false, binaryParts = false, flags = false, uid = false, modSeq = false;
        error = null;
        plan = null!;
        foreach (FetchItem item in items)
        {
            switch (item)
            {
                case FetchAttributeItem { Attribute: var attribute }:
                    switch (attribute)
                    {
                        case FetchAttribute.Envelope or FetchAttribute.Body or FetchAttribute.BodyStructure or FetchAttribute.Rfc822Header:
                            summary = true;
                            break;
                        case FetchAttribute.Rfc822Text:
                            summary = true;
                            seen = true;
                            break;
                        case FetchAttribute.Rfc822:
                            seen = true;
                            break;
                        case FetchAttribute.Flags:
                            flags = true;
                            break;
                        case FetchAttribute.Uid:
                            uid = true;
                            break;
                        case FetchAttribute.ModSeq:
                            modSeq = true;
                            break;
                    }
                    content |= attribute is FetchAttribute.Rfc822 or FetchAttribute.Rfc822Header or FetchAttribute.Rfc822Text;
                    planned.Add(new PlannedItem(item, null, null));
                    break;
                case BodySectionItem body:
                    if (!TryPart(body.Section.Part, out List<int>? part))
                    {
                        error = "Invalid section part number";
                        return false;
                    }
                    var spec = new SectionSpec(part, Kind(body.Section.Text), body.Section.HeaderFields);
                    if (spec.Kind == SectionKind.Mime && part.Count == 0)
                    {
                        // RFC 9051 §9: section-text "MIME" only follows part numbers.
                        error = "MIME needs a part number";
                        return false;
                    }
                    summary |= part.Count > 0 || spec.Kind != SectionKind.Full;
                    content = true;
                    seen |= !body.Peek;
                    planned.Add(new PlannedItem(item, spec, null));
                    break;
                case BinarySectionItem binary:
                    if (!TryPart(binary.Part, out List<int>? binaryPart))
                    {
                        error = "Invalid section part number";
                        return false;
                    }
                    summary |= binaryPart.Count > 0;
                    binaryParts |= binaryPart.Count > 0;
                    content = true;
                    seen |= !binary.Peek;
                    planned.Add(new PlannedItem(item, null, binaryPart));
                    break;
                case BinarySizeItem size:
                    if (!TryPart(size.Part, out List<int>? sizePart))
                    {
                        error = "Invalid section part number";
                        return false;
                    }
                    summary |= sizePart.Count > 0;
                    binaryParts |= sizePart.Count > 0;
                    planned.Add(new PlannedItem(item, null, sizePart));
                    break;
                default:
                    error = "Unsupported FETCH item";
                    return false;
            }
        }
        plan = new FetchPlan(planned)
        {
            NeedsSummary = summary,
            NeedsContent = content,
            SetsSeen = seen,
            HasBinaryParts = binaryParts,
            HasFlags = flags,
            HasUid = uid,
            HasModSeq = modSeq,
        };
        return true;
    }

    private static bool TryPart(IReadOnlyList<uint> numbers, out List<int> part)
    {
        part = new List<int>(numbers.Count);
        foreach (uint number in numbers)
        {
            // RFC 9051 §9: section-part = nz-number *("." nz-number).
            if (number == 0 || number > int.MaxValue)
                return false;
            part.Add((int)number);
        }
        return true;
    }

    private static SectionKind Kind(BodySectionText text) => text switch
    {
        BodySectionText.Header => SectionKind.Header,
        BodySectionText.HeaderFields => SectionKind.HeaderFields,
        BodySectionText.HeaderFieldsNot => SectionKind.HeaderFieldsNot,
        BodySectionText.Text => SectionKind.Text,
        BodySectionText.Mime => SectionKind.Mime,
        _ => SectionKind.Full,
    };
}

/// <summary>One FETCH item with what was worked out for it.</summary>
/// <param name="Item">The item as parsed.</param>
/// <param name="Section">For BODY[…]: the section.</param>
/// <param name="BinaryPart">For BINARY[…] and BINARY.SIZE[…]: the part numbers (empty for the whole message).</param>
internal sealed record PlannedItem(FetchItem Item, SectionSpec? Section, IReadOnlyList<int>? BinaryPart);
