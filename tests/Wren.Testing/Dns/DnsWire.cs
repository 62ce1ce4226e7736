using System.Buffers.Binary;
using System.Net;
using System.Text;
using Wren.Mail.Dns;

namespace Wren.Testing.Dns;

/// <summary>A parsed query: the parts of the header, question and EDNS OPT record the server needs.</summary>
internal sealed record DnsWireQuery(ushort Id, ushort Flags, string Name, ushort Type, ushort Class,
    bool HasEdns, ushort UdpPayloadSize, bool DnssecOk);

/// <summary>RFC 1035 §4 message format, just enough for an authoritative test server: read a query, write an answer.</summary>
internal static class DnsWire
{
    private const ushort OptType = 41; // RFC 6891 §6.1.1
    private const ushort OurPayloadSize = 1232;

    /// <summary>Reads a query; false for anything that is not one well-formed question.</summary>
    public static bool TryParseQuery(ReadOnlySpan<byte> message, out DnsWireQuery? query)
    {
        query = null;
        // RFC 1035 §4.1.1: a 12-byte header; QR=0 for a query, one question.
        if (message.Length < 12)
            return false;
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(message);
        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        ushort qdCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        ushort anCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        ushort nsCount = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        ushort arCount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if ((flags & 0x8000) != 0 || qdCount != 1 || anCount != 0 || nsCount != 0)
            return false;
        int offset = 12;
        if (!TryReadName(message, ref offset, out string? name) || offset + 4 > message.Length)
            return false;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        ushort @class = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        offset += 4;
        bool hasEdns = false, dnssecOk = false;
        ushort payloadSize = 512;
        for (int i = 0; i < arCount; i++)
        {
            // RFC 1035 §4.1.3 resource record; RFC 6891 §6.1.3: OPT's CLASS is the payload size and its TTL
            // holds the extended RCODE, version and flags, of which the top one is DO (RFC 3225 §3).
            if (!TryReadName(message, ref offset, out _) || offset + 10 > message.Length)
                return false;
            ushort rrType = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            ushort rrClass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            uint ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
            ushort rdLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            offset += 10 + rdLength;
            if (offset > message.Length)
                return false;
            if (rrType == OptType)
            {
                hasEdns = true;
                payloadSize = Math.Max((ushort)512, rrClass);
                dnssecOk = (ttl & 0x8000) != 0;
            }
        }
        query = new DnsWireQuery(id, flags, name!, type, @class, hasEdns, payloadSize, dnssecOk);
        return true;
    }

    /// <summary>
    /// Writes the answer to <paramref name="query"/>. Over UDP an answer longer than the asker can take (512 bytes,
    /// or its EDNS payload size) is replaced by an empty one with TC=1 (RFC 1035 §4.2.1, RFC 2181 §9), so the asker
    /// retries over TCP.
    /// </summary>
    public static byte[] WriteResponse(DnsWireQuery query, byte rcode, bool authenticated, IReadOnlyList<ZoneRecord> answers,
        uint ttl, bool overUdp)
    {
        byte[] full = Write(query, rcode, authenticated, answers, ttl, truncated: false);
        int limit = query.HasEdns ? query.UdpPayloadSize : 512;
        return overUdp && full.Length > limit ? Write(query, rcode, authenticated, [], ttl, truncated: true) : full;
    }

    private static byte[] Write(DnsWireQuery query, byte rcode, bool authenticated, IReadOnlyList<ZoneRecord> answers,
        uint ttl, bool truncated)
    {
        var m = new List<byte>(512);
        // RFC 1035 §4.1.1 flags: QR, the query's opcode, AA (we are the authority), TC, the query's RD, RA;
        // RFC 4035 §3.2.3: AD.
        int flags = 0x8000 | (query.Flags & 0x7800) | 0x0400 | (truncated ? 0x0200 : 0) | (query.Flags & 0x0100) | 0x0080
            | (authenticated ? 0x0020 : 0) | (rcode & 0xF);
        WriteUInt16(m, query.Id);
        WriteUInt16(m, (ushort)flags);
        WriteUInt16(m, 1);
        WriteUInt16(m, (ushort)answers.Count);
        WriteUInt16(m, 0);
        WriteUInt16(m, (ushort)(query.HasEdns ? 1 : 0));
        WriteName(m, query.Name);
        WriteUInt16(m, query.Type);
        WriteUInt16(m, query.Class);
        foreach (ZoneRecord record in answers)
        {
            WriteName(m, record.Owner);
            WriteUInt16(m, (ushort)record.Type);
            WriteUInt16(m, 1); // IN
            WriteUInt32(m, ttl);
            byte[] rdata = RData(record);
            WriteUInt16(m, (ushort)rdata.Length);
            m.AddRange(rdata);
        }
        if (query.HasEdns)
        {
            // RFC 6891 §6.1.2 OPT pseudo-record; RFC 3225 §3: the DO bit is copied from the query.
            m.Add(0);
            WriteUInt16(m, OptType);
            WriteUInt16(m, OurPayloadSize);
            WriteUInt32(m, query.DnssecOk ? 0x8000u : 0u);
            WriteUInt16(m, 0);
        }
        return m.ToArray();
    }

    private static byte[] RData(ZoneRecord record)
    {
        var d = new List<byte>();
        switch (record.Data)
        {
            case IPAddress address: // RFC 1035 §3.4.1, RFC 3596 §2.2
                d.AddRange(address.GetAddressBytes());
                break;
            case MxRecord mx: // RFC 1035 §3.3.9
                WriteUInt16(d, (ushort)mx.Preference);
                WriteName(d, mx.Exchange);
                break;
            case string[] strings: // RFC 1035 §3.3.14: one or more <character-string>s
                foreach (string s in strings)
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(s);
                    d.Add((byte)bytes.Length);
                    d.AddRange(bytes);
                }
                break;
            case TlsaRecord tlsa: // RFC 6698 §2.1
                d.AddRange([tlsa.Usage, tlsa.Selector, tlsa.MatchingType, .. tlsa.Data]);
                break;
            case string target: // CNAME, PTR: RFC 1035 §3.3.1, §3.3.12
                WriteName(d, target);
                break;
        }
        return d.ToArray();
    }

    // RFC 1035 §3.1: length-prefixed labels ending with the zero-length root; no compression (§4.1.4 makes it optional).
    private static void WriteName(List<byte> m, string name)
    {
        if (name != ".")
        {
            foreach (string label in name.Split('.'))
            {
                byte[] bytes = Encoding.ASCII.GetBytes(label);
                m.Add((byte)bytes.Length);
                m.AddRange(bytes);
            }
        }
        m.Add(0);
    }

    // Queries carry uncompressed names; a compression pointer in one is treated as malformed.
    private static bool TryReadName(ReadOnlySpan<byte> m, ref int offset, out string? name)
    {
        name = null;
        var labels = new List<string>();
        while (offset < m.Length)
        {
            int length = m[offset++];
            if (length == 0)
            {
                name = labels.Count == 0 ? "." : string.Join('.', labels).ToLowerInvariant();
                return true;
            }
            if (length > 63 || offset + length > m.Length)
                return false;
            labels.Add(Encoding.Latin1.GetString(m.Slice(offset, length)));
            offset += length;
        }
        return false;
    }

    private static void WriteUInt16(List<byte> m, ushort value)
    {
        m.Add((byte)(value >> 8));
        m.Add((byte)value);
    }

    private static void WriteUInt32(List<byte> m, uint value)
    {
        WriteUInt16(m, (ushort)(value >> 16));
        WriteUInt16(m, (ushort)value);
    }
}
