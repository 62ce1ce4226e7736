using System.Buffers;
using MimeKit;
using MimeKit.Utils;
using Wren.Store.Blobs;

namespace Wren.Store.Messages;

/// <summary>
/// The header fields the store keeps beside each message (From, Subject, Message-ID), decoded once at
/// commit so that listings never reopen message content. RFC 5322 §3.6 defines the fields; RFC 2047
/// encoded-words in them are decoded by MimeKit.
/// </summary>
internal sealed record HeaderSummary(string? From, string? Subject, string? MessageId)
{
    /// <summary>Leading bytes read to find the header section; headers beyond it are ignored.</summary>
    public const int MaxHeaderBytes = 256 * 1024;

    /// <summary>Longest value kept for a field, in characters.</summary>
    public const int MaxFieldLength = MessageEntry.MaxStoredSubjectLength;

    /// <summary>Nothing known.</summary>
    public static readonly HeaderSummary Empty = new(null, null, null);

    /// <summary>Reads the header section at the start of a spool's content.</summary>
    public static HeaderSummary Read(SpillStream content)
    {
        int size = (int)Math.Min(content.BytesWritten, MaxHeaderBytes);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            int read = content.ReadPrefix(buffer.AsSpan(0, size));
            return Parse(buffer, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses the header section held in the first <paramref name="count"/> bytes of <paramref name="bytes"/>.</summary>
    public static HeaderSummary Parse(byte[] bytes, int count)
    {
        if (count == 0)
            return Empty;
        HeaderList headers;
        try
        {
            using var stream = new MemoryStream(bytes, 0, count, writable: false);
            headers = HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            return Empty;
        }
        string? messageId = headers[HeaderId.MessageId];
        if (messageId is not null)
            messageId = MimeUtils.ParseMessageId(messageId) ?? messageId;
        return new HeaderSummary(Clip(headers[HeaderId.From]), Clip(headers[HeaderId.Subject]), Clip(messageId));
    }

    private static string? Clip(string? value)
    {
        if (value is null)
            return null;
        value = value.Trim();
        return value.Length <= MaxFieldLength ? value : value[..MaxFieldLength];
    }
}
