using System.Text;

namespace Wren.Net.Sasl;

/// <summary>Strict UTF-8 decoding of client data: invalid sequences are a syntax error, never replaced.</summary>
internal static class SaslUtf8
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/>; false when they are not well-formed UTF-8 or contain NUL.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        // RFC 4616 §2 and RFC 5802 §7: UTF8-encoded text never contains NUL.
        if (bytes.Contains((byte)0))
        {
            text = string.Empty;
            return false;
        }

        try
        {
            text = Strict.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }
}
