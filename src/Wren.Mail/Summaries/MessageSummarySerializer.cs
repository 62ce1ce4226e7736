using System.Buffers;
using System.Text;

namespace Wren.Mail.Summaries;

/// <summary>
/// The stored form of a <see cref="MessageSummary"/>: a compact binary encoding, versioned, for one column.
/// </summary>
/// <remarks>
/// Layout (version 1): the bytes <c>'W' 'S' 0x01</c>, then a message. Integers are unsigned LEB128 varints;
/// an nstring is varint 0 for null or length+1 then that many UTF-8 bytes; a list is varint 0 for null or
/// count+1 then its items. A message is its range, header and text (offset, length each), its envelope, then
/// its body part. An envelope is date, subject (nstrings), from, sender, reply-to, to, cc, bcc (address lists;
/// sender and reply-to write 1 when they are the from list), in-reply-to, message-id (nstrings); an address is
/// four nstrings. A part is type, subtype, parameters (list of name, value), id, description, encoding, md5
/// (nstrings), disposition (0, or 1 then type and parameters), languages (list of strings), location, header
/// and body ranges, lines, decoded size (0 for unknown, else size+1), child parts (count then parts) and a byte
/// 0/1 telling whether an encapsulated message follows.
/// </remarks>
public static class MessageSummarySerializer
{
    private const byte Version = 1;
    private static readonly byte[] Magic = "WS"u8.ToArray();

    /// <summary>Encodes <paramref name="summary"/>.</summary>
    public static byte[] Serialize(MessageSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var writer = new Writer();
        writer.Bytes(Magic);
        writer.Bytes([Version]);
        writer.Message(summary);
        return writer.ToArray();
    }

    /// <summary>Decodes what <see cref="Serialize"/> wrote.</summary>
    /// <exception cref="FormatException">The bytes are truncated, corrupt or of an unknown version.</exception>
    public static MessageSummary Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 3 || !bytes[..2].SequenceEqual(Magic))
            throw new FormatException("Not a message summary.");
        if (bytes[2] != Version)
            throw new FormatException($"Message summary version {bytes[2]} is not supported.");
        var reader = new Reader(bytes[3..]);
        MessageSummary summary = reader.Message();
        if (!reader.AtEnd)
            throw new FormatException("Trailing bytes after the message summary.");
        return summary;
    }

    private sealed class Writer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(256);

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        public void Bytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

        public void Varint(ulong value)
        {
            Span<byte> span = _buffer.GetSpan(10);
            int n = 0;
            while (value >= 0x80)
            {
                span[n++] = (byte)(value | 0x80);
                value >>= 7;
            }
            span[n++] = (byte)value;
            _buffer.Advance(n);
        }

        public void Long(long value) => Varint(checked((ulong)value));

        public void NString(string? value)
        {
            if (value is null)
            {
                Varint(0);
                return;
            }
            int length = Encoding.UTF8.GetByteCount(value);
            Varint((ulong)length + 1);
            Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
            _buffer.Advance(length);
        }

        public void Range(ByteRange range)
        {
            Long(range.Offset);
            Long(range.Length);
        }

        public void Message(MessageSummary message)
        {
            Range(message.Range);
            Range(message.Header);
            Range(message.Text);
            Envelope(message.Envelope);
            Part(message.Body);
        }

        private void Envelope(Envelope envelope)
        {
            NString(envelope.Date);
            NString(envelope.Subject);
            Addresses(envelope.From, null);
            Addresses(envelope.Sender, envelope.From);
            Addresses(envelope.ReplyTo, envelope.From);
            Addresses(envelope.To, null);
            Addresses(envelope.Cc, null);
            Addresses(envelope.Bcc, null);
            NString(envelope.InReplyTo);
            NString(envelope.MessageId);
        }

        private void Addresses(IReadOnlyList<EnvelopeAddress>? list, IReadOnlyList<EnvelopeAddress>? from)
        {
            if (list is null)
            {
                Varint(0);
                return;
            }
            if (from is not null && ReferenceEquals(list, from))
            {
                Varint(1);
                return;
            }
            Varint((ulong)list.Count + 2);
            foreach (EnvelopeAddress address in list)
            {
                NString(address.Name);
                NString(address.Route);
                NString(address.Mailbox);
                NString(address.Host);
            }
        }

        private void Parameters(IReadOnlyList<MimeParameter> parameters)
        {
            Varint((ulong)parameters.Count);
            foreach (MimeParameter parameter in parameters)
            {
                NString(parameter.Name);
                NString(parameter.Value);
            }
        }

        private void Part(BodyPart part)
        {
            NString(part.Type);
            NString(part.Subtype);
            Parameters(part.Parameters);
            NString(part.ContentId);
            NString(part.Description);
            NString(part.Encoding);
            NString(part.Md5);
            if (part.Disposition is null)
            {
                Varint(0);
            }
            else
            {
                Varint(1);
                NString(part.Disposition.Type);
                Parameters(part.Disposition.Parameters);
            }
            if (part.Languages is null)
            {
                Varint(0);
            }
            else
            {
                Varint((ulong)part.Languages.Count + 1);
                foreach (string language in part.Languages)
                    NString(language);
            }
            NString(part.Location);
            Range(part.Header);
            Range(part.Body);
            Long(part.Lines);
            Varint(part.DecodedSize is { } size ? checked((ulong)size + 1) : 0);
            Varint((ulong)part.Parts.Count);
            foreach (BodyPart child in part.Parts)
                Part(child);
            if (part.Message is null)
            {
                Varint(0);
            }
            else
            {
                Varint(1);
                Message(part.Message);
            }
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public MessageSummary Message()
        {
            ByteRange range = Range();
            ByteRange header = Range();
            ByteRange text = Range();
            Envelope envelope = Envelope();
            BodyPart body = Part();
            return new MessageSummary { Range = range, Header = header, Text = text, Envelope = envelope, Body = body };
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _bytes.Length)
                    throw new FormatException("Truncated message summary.");
                byte b = _bytes[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                    return value;
            }
            throw new FormatException("Bad varint in message summary.");
        }

        private long Long()
        {
            ulong value = Varint();
            return value > long.MaxValue ? throw new FormatException("Number out of range in message summary.") : (long)value;
        }

        private int Count(int minimumItemBytes)
        {
            ulong count = Varint();
            if (count > (ulong)(_bytes.Length - _position) / (ulong)Math.Max(1, minimumItemBytes) + 1)
                throw new FormatException("List length out of range in message summary.");
            return (int)count;
        }

        private string? NString()
        {
            ulong marker = Varint();
            if (marker == 0)
                return null;
            ulong length = marker - 1;
            if (length > (ulong)(_bytes.Length - _position))
                throw new FormatException("Truncated message summary.");
            string value = Encoding.UTF8.GetString(_bytes.Slice(_position, (int)length));
            _position += (int)length;
            return value;
        }

        private string String() => NString() ?? throw new FormatException("Missing string in message summary.");

        private ByteRange Range() => new(Long(), Long());

        private Envelope Envelope()
        {
            string? date = NString();
            string? subject = NString();
            IReadOnlyList<EnvelopeAddress>? from = Addresses(null);
            IReadOnlyList<EnvelopeAddress>? sender = Addresses(from);
            IReadOnlyList<EnvelopeAddress>? replyTo = Addresses(from);
            IReadOnlyList<EnvelopeAddress>? to = Addresses(null);
            IReadOnlyList<EnvelopeAddress>? cc = Addresses(null);
            IReadOnlyList<EnvelopeAddress>? bcc = Addresses(null);
            return new Envelope(date, subject, from, sender, replyTo, to, cc, bcc, NString(), NString());
        }

        private IReadOnlyList<EnvelopeAddress>? Addresses(IReadOnlyList<EnvelopeAddress>? from)
        {
            int marker = Count(4);
            if (marker == 0)
                return null;
            if (marker == 1)
                return from ?? throw new FormatException("Address list refers to a missing From list.");
            var list = new EnvelopeAddress[marker - 2];
            for (int i = 0; i < list.Length; i++)
                list[i] = new EnvelopeAddress(NString(), NString(), NString(), NString());
            return list;
        }

        private MimeParameter[] Parameters()
        {
            var list = new MimeParameter[Count(2)];
            for (int i = 0; i < list.Length; i++)
                list[i] = new MimeParameter(String(), String());
            return list;
        }

        private BodyPart Part()
        {
            string type = String();
            string subtype = String();
            MimeParameter[] parameters = Parameters();
            string? id = NString();
            string? description = NString();
            string? encoding = NString();
            string? md5 = NString();
            PartDisposition? disposition = Varint() == 0 ? null : new PartDisposition(String(), Parameters());
            string[]? languages = null;
            int languageMarker = Count(1);
            if (languageMarker > 0)
            {
                languages = new string[languageMarker - 1];
                for (int i = 0; i < languages.Length; i++)
                    languages[i] = String();
            }
            string? location = NString();
            ByteRange header = Range();
            ByteRange body = Range();
            long lines = Long();
            ulong decoded = Varint();
            var children = new BodyPart[Count(10)];
            for (int i = 0; i < children.Length; i++)
                children[i] = Part();
            MessageSummary? message = Varint() == 0 ? null : Message();
            return new BodyPart
            {
                Type = type,
                Subtype = subtype,
                Parameters = parameters,
                ContentId = id,
                Description = description,
                Encoding = encoding,
                Md5 = md5,
                Disposition = disposition,
                Languages = languages,
                Location = location,
                Header = header,
                Body = body,
                Lines = lines,
                DecodedSize = decoded == 0 ? null : checked((long)(decoded - 1)),
                Parts = children,
                Message = message,
            };
        }
    }
}
