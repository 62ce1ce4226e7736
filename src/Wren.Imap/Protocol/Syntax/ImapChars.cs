namespace Wren.Imap.Protocol;

/// <summary>Character classes of the formal syntax (RFC 9051 §9).</summary>
internal static class ImapChars
{
    /// <summary>CTL: %x00-1F / %x7F.</summary>
    public static bool IsCtl(byte b) => b < 0x20 || b == 0x7F;

    /// <summary>
    /// ATOM-CHAR: any CHAR except atom-specials <c>( ) { SP CTL % * " \ ]</c>. With <paramref name="allow8Bit"/>,
    /// octets over 0x7F count too (raw UTF-8 in atoms, which clients send for mailbox names; the decoder checks them).
    /// </summary>
    public static bool IsAtomChar(byte b, bool allow8Bit = false)
    {
        if (b >= 0x80)
            return allow8Bit;
        if (IsCtl(b))
            return false;
        return b switch
        {
            (byte)'(' or (byte)')' or (byte)'{' or (byte)' ' or (byte)'%' or (byte)'*' or (byte)'"' or (byte)'\\' or (byte)']' => false,
            _ => true,
        };
    }

    /// <summary>ASTRING-CHAR: ATOM-CHAR / resp-specials ("]").</summary>
    public static bool IsAStringChar(byte b, bool allow8Bit = false) => b == (byte)']' || IsAtomChar(b, allow8Bit);

    /// <summary>tag: ASTRING-CHAR except "+".</summary>
    public static bool IsTagChar(byte b) => b != (byte)'+' && IsAStringChar(b);

    /// <summary>list-char: ATOM-CHAR / list-wildcards / resp-specials.</summary>
    public static bool IsListChar(byte b, bool allow8Bit) => b is (byte)'%' or (byte)'*' or (byte)']' || IsAtomChar(b, allow8Bit);

    /// <summary>Digits.</summary>
    public static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
