using System.Text;
using Wren.Imap.Protocol;
using Wren.Imap.Server.Fetch;
using Wren.Mail.Summaries;
using Wren.Store.Messages;

namespace Wren.Imap.Server;

// One message's FETCH response, `* seq FETCH (item value …)` (RFC 9051 §7.5.2), items in the order asked;
// section contents are streamed as literals from the stored message.
public sealed partial class ImapSession
{
    /// <summary>What one message's response is built from.</summary>
    /// <param name="Entry">The message (flags after any \Seen this command set).</param>
    /// <param name="Seq">Its sequence number.</param>
    /// <param name="Summary">Its summary, when the plan needs one.</param>
    /// <param name="Content">Its stored bytes (seekable), when the plan needs them.</param>
    /// <param name="FlagsChanged">This command set \Seen on it: FLAGS is sent even when not asked.</param>
    private sealed record FetchedMessage(MessageEntry Entry, int Seq, MessageSummary? Summary, Stream? Content, bool FlagsChanged);

    private async Task WriteFetchResponseAsync(FetchCommand command, FetchPlan plan, FetchedMessage message)
    {
        MessageEntry entry = message.Entry;
        var text = new StringBuilder(256);
        text.Append("* ").Append(message.Seq).Append(" FETCH (");
        bool any = false;
        void Next()
        {
            if (any)
                text.Append(' ');
            any = true;
        }

        // RFC 9051 §6.4.8: UID FETCH returns UID whether asked or not.
        if (command.Uid && !plan.HasUid)
        {
            Next();
            text.Append("UID ").Append(entry.Uid);
        }
        foreach (PlannedItem planned in plan.Items)
        {
            Next();
            switch (planned.Item)
            {
                case FetchAttributeItem { Attribute: var attribute }:
                    await WriteAttributeAsync(text, attribute, message);
                    break;
                case BodySectionItem body:
                    text.Append("BODY[").Append(body.Section).Append(']');
                    if (body.Partial is { } partial)
                        text.Append('<').Append(partial.Offset).Append('>');
                    text.Append(' ');
                    await WriteBodySectionAsync(text, message, planned.Section!, body.Partial);
                    break;
                case BinarySectionItem binary:
                    text.Append("BINARY[").Append(binary.PartText).Append(']');
                    if (binary.Partial is { } binaryPartial)
                        text.Append('<').Append(binaryPartial.Offset).Append('>');
                    text.Append(' ');
                    await WriteBinarySectionAsync(text, message, planned.BinaryPart!, binary.Partial);
                    break;
                case BinarySizeItem size:
                    text.Append("BINARY.SIZE[").Append(size.PartText).Append("] ").Append(BinarySize(message, planned.BinaryPart!));
                    break;
            }
        }
        // RFC 9051 §6.4.5: a \Seen this FETCH set is reported with the message's new flags.
        if (message.FlagsChanged && !plan.HasFlags)
        {
            Next();
            text.Append("FLAGS ");
            AppendFlagList(text, entry.Uid, entry.Flags, entry.Keywords);
        }
        // RFC 7162 §3.1.4.1: CHANGEDSINCE implies MODSEQ; and once CONDSTORE is on, flags are reported with
        // their MODSEQ so the client's cache stays consistent (§3.1).
        if (!plan.HasModSeq && (command.ChangedSince is not null || (CondStoreEnabled && (plan.HasFlags || message.FlagsChanged))))
        {
            Next();
            text.Append("MODSEQ (").Append(entry.ModSeq).Append(')');
        }
        text.Append(")\r\n");
        WriteFetchText(text);
    }

    private async Task WriteAttributeAsync(StringBuilder text, FetchAttribute attribute, FetchedMessage message)
    {
        MessageEntry entry = message.Entry;
        switch (attribute)
        {
            case FetchAttribute.Flags:
                text.Append("FLAGS ");
                AppendFlagList(text, entry.Uid, entry.Flags, entry.Keywords);
                break;
            case FetchAttribute.InternalDate:
                text.Append("INTERNALDATE \"").Append(ImapDates.FormatDateTime(entry.InternalDate)).Append('"');
                break;
            case FetchAttribute.Rfc822Size:
                text.Append("RFC822.SIZE ").Append(entry.Size);
                break;
            case FetchAttribute.Envelope:
                text.Append("ENVELOPE ").Append(EnvelopeWriter.Write(message.Summary!.Envelope, Utf8Enabled));
                break;
            case FetchAttribute.Body:
                text.Append("BODY ").Append(BodyStructureWriter.Body(message.Summary!, Utf8Enabled));
                break;
            case FetchAttribute.BodyStructure:
                text.Append("BODYSTRUCTURE ").Append(BodyStructureWriter.BodyStructure(message.Summary!, Utf8Enabled));
                break;
            case FetchAttribute.Uid:
                text.Append("UID ").Append(entry.Uid);
                break;
            case FetchAttribute.ModSeq:
                text.Append("MODSEQ (").Append(entry.ModSeq).Append(')');
                break;
            case FetchAttribute.EmailId:
                // RFC 8474 §5.1: EMAILID (objectid).
                text.Append("EMAILID (").Append(entry.EmailId).Append(')');
                break;
            case FetchAttribute.ThreadId:
                // RFC 8474 §5.2: NIL when the server does not (yet) know the thread.
                text.Append("THREADID ").Append(entry.ThreadId is { } thread ? "(" + thread + ")" : "NIL");
                break;
            case FetchAttribute.Rfc822:
                // RFC 3501 §6.4.5: RFC822 is BODY[], RFC822.HEADER is BODY.PEEK[HEADER], RFC822.TEXT is BODY[TEXT].
                text.Append("RFC822 ");
                await WriteBodySectionAsync(text, message, SectionSpec.Whole, null);
                break;
            case FetchAttribute.Rfc822Header:
                text.Append("RFC822.HEADER ");
                await WriteBodySectionAsync(text, message, new SectionSpec([], SectionKind.Header, []), null);
                break;
            case FetchAttribute.Rfc822Text:
                text.Append("RFC822.TEXT ");
                await WriteBodySectionAsync(text, message, new SectionSpec([], SectionKind.Text, []), null);
                break;
        }
    }

    // RFC 9051 §6.4.5 BODY[section]<origin.count>: the section's octets, or the part of them the partial range
    // names (empty when the origin lies past the end). A section the message does not have is NIL.
    private async Task WriteBodySectionAsync(StringBuilder text, FetchedMessage message, SectionSpec spec, ImapPartial? partial)
    {
        Stream content = message.Content!;
        ResolvedSection? section = null;
        ByteRange range;
        if (spec.Part.Count == 0 && spec.Kind == SectionKind.Full)
        {
            // The whole message needs no summary.
            range = new ByteRange(0, content.Length);
        }
        else if (MessageSection.TryResolve(message.Summary!, spec, out ResolvedSection resolved))
        {
            section = resolved;
            range = resolved.Range;
        }
        else
        {
            text.Append("NIL");
            return;
        }

        if (section is { IsMaterialized: true })
        {
            // HEADER.FIELDS (.NOT): picked out of the header, which is bounded, in memory.
            byte[] fields = section.ReadHeaderFields(content);
            var slice = Slice(new ByteRange(0, fields.Length), partial);
            using var fieldStream = new MemoryStream(fields, (int)slice.Offset, (int)slice.Length, writable: false);
            await WriteLiteralAsync(text, fieldStream, slice.Length);
            return;
        }
        ByteRange wanted = Slice(range, partial);
        content.Seek(wanted.Offset, SeekOrigin.Begin);
        await WriteLiteralAsync(text, content, wanted.Length);
    }

    // RFC 3516 §4.2 BINARY[part]<origin.count>: the part's content with its Content-Transfer-Encoding undone,
    // as a literal8 when it holds NUL (then a client without literal8 could not take it as a string).
    private async Task WriteBinarySectionAsync(StringBuilder text, FetchedMessage message, IReadOnlyList<int> part, ImapPartial? partial)
    {
        Stream content = message.Content!;
        ResolvedSection? section = null;
        long size;
        if (part.Count == 0)
        {
            size = content.Length;
        }
        else if (MessageSection.TryResolveBinary(message.Summary!, part, out ResolvedSection resolved) && resolved.DecodedSize is long decoded)
        {
            section = resolved;
            size = decoded;
        }
        else
        {
            // No such part (an unknown encoding was refused before any response, RFC 3516 §4.3).
            text.Append("NIL");
            return;
        }

        long skip = 0, length = size;
        if (partial is { } p)
        {
            skip = (long)Math.Min(p.Offset, (ulong)size);
            length = (long)Math.Min(p.Length, (ulong)(size - skip));
        }

        bool nul;
        await using (Stream scan = OpenBinary(content, section))
        {
            await SkipAsync(scan, skip);
            nul = await ContainsNulAsync(scan, length);
        }
        await using Stream data = OpenBinary(content, section);
        await SkipAsync(data, skip);
        await WriteLiteralAsync(text, data, length, literal8: nul);
    }

    /// <summary>The decoded bytes of a part, or (no section) the whole stored message, from its start.</summary>
    private static Stream OpenBinary(Stream content, ResolvedSection? section)
    {
        if (section is not null)
            return section.OpenBinary(content);
        content.Seek(0, SeekOrigin.Begin);
        return new NonClosingStream(content);
    }

    // RFC 3516 §4.2 BINARY.SIZE: the decoded size (the whole message as it is for no part; 0 for a part the
    // message does not have, as the grammar wants a number).
    private static long BinarySize(FetchedMessage message, IReadOnlyList<int> part)
    {
        if (part.Count == 0)
            return message.Entry.Size;
        return MessageSection.TryResolveBinary(message.Summary!, part, out ResolvedSection section) ? section.DecodedSize ?? 0 : 0;
    }

    /// <summary>
    /// A message's flag list as FETCH and STORE report it: <c>(\Seen kw …)</c>, and to an IMAP4rev1 client
    /// \Recent (after the system flags) when the message is recent in this session (RFC 3501 §2.3.2; IMAP4rev2
    /// has no \Recent).
    /// </summary>
    private void AppendFlagList(StringBuilder text, long uid, MessageFlags flags, IEnumerable<string> keywords)
    {
        if (Rev2Enabled || !_selected!.IsRecent(uid))
        {
            ImapFlags.AppendList(text, flags, keywords);
            return;
        }
        text.Append('(');
        foreach ((MessageFlags flag, string name) in ImapFlags.System)
        {
            if ((flags & flag) != 0)
                text.Append(name).Append(' ');
        }
        text.Append("\\Recent");
        foreach (string keyword in keywords)
            text.Append(' ').Append(keyword);
        text.Append(')');
    }

    /// <summary>The partial range of a section (RFC 9051 §6.4.5), or all of it.</summary>
    private static ByteRange Slice(ByteRange range, ImapPartial? partial)
    {
        if (partial is not { } p)
            return range;
        long offset = (long)Math.Min(p.Offset, (ulong)range.Length);
        long length = (long)Math.Min(p.Length, (ulong)long.MaxValue);
        return range.Slice(offset, length);
    }
}
