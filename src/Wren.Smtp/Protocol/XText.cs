using System.Text;

namespace Wren.Smtp.Protocol;

/// <summary>RFC 3461 §4: xtext, the encoding of ENVID and ORCPT values.</summary>
public static class XText
{
    /// <summary>Decodes xtext (<c>+XX</c> hex escapes); false when malformed.</summary>
    public static bool TryDecode(string text, out string? decoded)
    {
        decoded = null;
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '+')
            {
                // hexchar = "+" 2(%x30-39 / %x41-46): upper-case hex only
                if (i + 2 >= text.Length)
                    return false;
                string hex = text.Substring(i + 1, 2);
                if (hex.Any(char.IsAsciiLetterLower)
                    || !byte.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, null, out byte b))
                    return false;
                bytes.Add(b);
                i += 2;
            }
            else if (c is >= '!' and <= '~' and not '=')
            {
                bytes.Add((byte)c);
            }
            else
            {
                return false;
            }
        }
        decoded = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }

    /// <summary>Encodes a string as xtext.</summary>
    public static string Encode(string text)
    {
        var sb = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'!' and <= (byte)'~' and not (byte)'+' and not (byte)'=')
                sb.Append((char)b);
            else
                sb.Append('+').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
