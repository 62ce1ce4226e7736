using MimeKit;
using Wren.Store.Messages;

namespace Wren.Imap.Server.Mailboxes;

/// <summary>
/// A message APPENDed as literal8 (RFC 3516 §4.4) may carry NUL octets in parts with no content-transfer-encoding.
/// Such a part could never be returned by FETCH BODY[…], whose literals may not hold NUL (RFC 9051 §4.3), so
/// those parts are stored base64-encoded instead; BINARY[…] still returns their original octets.
/// </summary>
internal static class BinaryContentEncoder
{
    /// <summary>True when <paramref name="bytes"/> holds a NUL octet.</summary>
    public static bool HasNul(ReadOnlySpan<byte> bytes) => bytes.Contains((byte)0);

    /// <summary>
    /// Writes <paramref name="source"/> into <paramref name="target"/> with every leaf part that is binary or
    /// 8bit (or unencoded) re-encoded as base64, the rest as it was.
    /// </summary>
    public static async Task EncodeAsync(Stream source, MessageSpool target, CancellationToken cancellationToken)
    {
        // Persistent: part contents stay in the (seekable) source instead of memory, whatever the size.
        MimeMessage message = await MimeMessage.LoadAsync(source, persistent: true, cancellationToken);
        foreach (MimePart part in message.BodyParts.OfType<MimePart>())
        {
            if (part.ContentTransferEncoding is ContentEncoding.Binary or ContentEncoding.EightBit or ContentEncoding.Default)
                part.ContentTransferEncoding = ContentEncoding.Base64;
        }
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        await message.WriteToAsync(options, target.Content, cancellationToken);
    }
}
