using System.Text;

namespace Wren.Imap.Server.Search;

/// <summary>
/// A decoder fallback that reads each byte a UTF-8 decoder cannot as ISO-8859-1, so an undeclared 8-bit body
/// (legacy mail that says US-ASCII or nothing and is really Latin-1) is still searchable by its letters.
/// </summary>
internal sealed class Latin1Fallback : DecoderFallback
{
    /// <summary>UTF-8, with invalid bytes read as Latin-1.</summary>
    public static Encoding Utf8OrLatin1 { get; } = SetFallback((Encoding)new UTF8Encoding(false, false).Clone());

    /// <inheritdoc />
    public override int MaxCharCount => 1;

    /// <inheritdoc />
    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

    private static Encoding SetFallback(Encoding encoding)
    {
        encoding.DecoderFallback = new Latin1Fallback();
        return encoding;
    }

    private sealed class Buffer : DecoderFallbackBuffer
    {
        private byte[] _bytes = [];
        private int _next;

        public override int Remaining => _bytes.Length - _next;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            _bytes = bytesUnknown;
            _next = 0;
            return _bytes.Length > 0;
        }

        public override char GetNextChar() => _next < _bytes.Length ? (char)_bytes[_next++] : '\0';

        public override bool MovePrevious()
        {
            if (_next == 0)
                return false;
            _next--;
            return true;
        }

        public override void Reset()
        {
            _bytes = [];
            _next = 0;
        }
    }
}
