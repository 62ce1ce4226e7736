namespace Wren.Net.Sasl;

/// <summary>How parsing a SCRAM client message ended.</summary>
internal enum ScramParse
{
    /// <summary>Well-formed.</summary>
    Ok,

    /// <summary>Violates the RFC 5802 §7 grammar.</summary>
    Malformed,

    /// <summary>Well-formed but asks for something Wren does not do (channel binding, mandatory extensions).</summary>
    Unsupported,
}

/// <summary>A parsed client-first-message (RFC 5802 §7).</summary>
/// <param name="Gs2Header">The GS2 header exactly as sent, e.g. <c>n,,</c>; echoed back in the client-final c= attribute.</param>
/// <param name="Authzid">The decoded authorization identity, or null when absent.</param>
/// <param name="User">The decoded user name (=2C and =3D turned back into ',' and '=').</param>
/// <param name="ClientNonce">The client's nonce.</param>
/// <param name="Bare">client-first-message-bare exactly as sent, for the AuthMessage.</param>
internal sealed record ScramClientFirst(string Gs2Header, string? Authzid, string User, string ClientNonce, string Bare);

/// <summary>A parsed client-final-message (RFC 5802 §7).</summary>
/// <param name="ChannelBinding">The decoded c= attribute.</param>
/// <param name="Nonce">The r= attribute: client nonce followed by server nonce.</param>
/// <param name="Proof">The decoded p= attribute.</param>
/// <param name="WithoutProof">client-final-message-without-proof exactly as sent, for the AuthMessage.</param>
internal sealed record ScramClientFinal(byte[] ChannelBinding, string Nonce, byte[] Proof, string WithoutProof);

/// <summary>Parses the client's SCRAM messages per the grammar of RFC 5802 §7.</summary>
internal static class ScramMessages
{
    /// <summary>Parses a client-first-message.</summary>
    public static ScramParse ParseClientFirst(string message, out ScramClientFirst? parsed)
    {
        parsed = null;

        // RFC 5802 §7: gs2-header = gs2-cbind-flag "," [ authzid ] ","
        var flagEnd = message.IndexOf(',');
        if (flagEnd < 0)
        {
            return ScramParse.Malformed;
        }

        var flag = message[..flagEnd];
        if (flag.StartsWith("p=", StringComparison.Ordinal))
        {
            // RFC 5802 §6: the client requires channel binding, which Wren does not offer (no -PLUS).
            return ScramParse.Unsupported;
        }

        // RFC 5802 §6: "n" (client does not support channel binding) or "y" (client does, but thinks the
        // server does not, which is true here) are both acceptable.
        if (flag is not ("n" or "y"))
        {
            return ScramParse.Malformed;
        }

        var authzidEnd = message.IndexOf(',', flagEnd + 1);
        if (authzidEnd < 0)
        {
            return ScramParse.Malformed;
        }

        string? authzid = null;
        var authzidField = message[(flagEnd + 1)..authzidEnd];
        if (authzidField.Length > 0)
        {
            // RFC 5802 §7: authzid = "a=" saslname
            if (!authzidField.StartsWith("a=", StringComparison.Ordinal) || !TryDecodeSaslName(authzidField[2..], out authzid))
            {
                return ScramParse.Malformed;
            }
        }

        var gs2Header = message[..(authzidEnd + 1)];
        var bare = message[(authzidEnd + 1)..];

        // RFC 5802 §7: client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
        var attributes = bare.Split(',');
        if (attributes[0].StartsWith("m=", StringComparison.Ordinal))
        {
            // RFC 5802 §5.1: "m" is reserved; its presence MUST cause authentication failure.
            return ScramParse.Unsupported;
        }

        if (attributes.Length < 2
            || !attributes[0].StartsWith("n=", StringComparison.Ordinal)
            || !TryDecodeSaslName(attributes[0][2..], out var user)
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal)
            || !IsNonce(attributes[1].AsSpan(2))
            || !AreExtensions(attributes.AsSpan(2)))
        {
            return ScramParse.Malformed;
        }

        parsed = new ScramClientFirst(gs2Header, authzid, user, attributes[1][2..], bare);
        return ScramParse.Ok;
    }

    /// <summary>Parses a client-final-message.</summary>
    public static ScramParse ParseClientFinal(string message, out ScramClientFinal? parsed)
    {
        parsed = null;

        // RFC 5802 §7: client-final-message = channel-binding "," nonce ["," extensions] "," proof
        var attributes = message.Split(',');
        if (attributes.Length < 3
            || !attributes[0].StartsWith("c=", StringComparison.Ordinal)
            || !TryDecodeBase64(attributes[0][2..], out var channelBinding)
            || !attributes[1].StartsWith("r=", StringComparison.Ordinal)
            || !IsNonce(attributes[1].AsSpan(2))
            || !AreExtensions(attributes.AsSpan(2, attributes.Length - 3))
            || !attributes[^1].StartsWith("p=", StringComparison.Ordinal)
            || !TryDecodeBase64(attributes[^1][2..], out var proof))
        {
            return ScramParse.Malformed;
        }

        parsed = new ScramClientFinal(channelBinding, attributes[1][2..], proof, message[..message.LastIndexOf(',')]);
        return ScramParse.Ok;
    }

    /// <summary>
    /// RFC 5802 §7: saslname = 1*(value-safe-char / "=2C" / "=3D"); RFC 5802 §5.1: any other '=' escape
    /// MUST fail the exchange. ABNF literals are case-insensitive (RFC 5234 §2.3), so "=2c" is accepted.
    /// </summary>
    internal static bool TryDecodeSaslName(string encoded, out string decoded)
    {
        decoded = string.Empty;
        if (encoded.Length == 0)
        {
            return false;
        }

        if (!encoded.Contains('='))
        {
            decoded = encoded; // ',' cannot occur: the caller split on it
            return true;
        }

        var builder = new System.Text.StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '=')
            {
                builder.Append(encoded[i]);
                continue;
            }

            if (i + 2 >= encoded.Length)
            {
                return false;
            }

            var escape = encoded.AsSpan(i + 1, 2);
            if (escape.Equals("2C", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append(',');
            }
            else if (escape.Equals("3D", StringComparison.OrdinalIgnoreCase))
            {
                builder.Append('=');
            }
            else
            {
                return false;
            }

            i += 2;
        }

        decoded = builder.ToString();
        return true;
    }

    /// <summary>RFC 5802 §7: c-nonce = printable; printable = %x21-2B / %x2D-7E (no comma).</summary>
    internal static bool IsNonce(ReadOnlySpan<char> nonce)
    {
        if (nonce.IsEmpty)
        {
            return false;
        }

        foreach (var c in nonce)
        {
            if (c is < (char)0x21 or > (char)0x7E or ',')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 5802 §7: attr-val = ALPHA "=" value; value = 1*value-char (any UTF-8 but NUL and ',').</summary>
    private static bool AreExtensions(ReadOnlySpan<string> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Length < 3 || !char.IsAsciiLetter(attribute[0]) || attribute[1] != '=')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Strict base64 (RFC 4648 §4): alphabet and padding only, no whitespace, non-empty.</summary>
    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return false;
        }

        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        for (var i = 0; i < text.Length - padding; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(text[i]) || text[i] is '+' or '/'))
            {
                return false;
            }
        }

        bytes = Convert.FromBase64String(text);
        return true;
    }
}

/// <summary>A parsed server-first-message (RFC 5802 §7), as the client sees it.</summary>
/// <param name="Nonce">The r= attribute: the client nonce followed by the server's.</param>
/// <param name="Salt">The decoded s= attribute.</param>
/// <param name="Iterations">The i= attribute.</param>
internal sealed record ScramServerFirst(string Nonce, byte[] Salt, int Iterations);

/// <summary>Parses and formats the server's SCRAM messages, for the client side (RFC 5802 §7).</summary>
internal static class ScramServerMessages
{
    /// <summary>Parses a server-first-message; false when it violates the grammar.</summary>
    public static bool TryParseServerFirst(string message, out ScramServerFirst? parsed)
    {
        parsed = null;

        // RFC 5802 §7: server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions]
        var attributes = message.Split(',');
        if (attributes.Length < 3
            || attributes[0].StartsWith("m=", StringComparison.Ordinal) // RFC 5802 §5.1: "m" MUST cause failure
            || !attributes[0].StartsWith("r=", StringComparison.Ordinal)
            || !ScramMessages.IsNonce(attributes[0].AsSpan(2))
            || !attributes[1].StartsWith("s=", StringComparison.Ordinal)
            || !attributes[2].StartsWith("i=", StringComparison.Ordinal)
            || !int.TryParse(attributes[2].AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations <= 0)
        {
            return false;
        }

        byte[] salt;
        try
        {
            salt = Convert.FromBase64String(attributes[1][2..]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (salt.Length == 0)
        {
            return false;
        }

        parsed = new ScramServerFirst(attributes[0][2..], salt, iterations);
        return true;
    }

    /// <summary>
    /// Parses a server-final-message: <c>v=</c> with the server signature, or <c>e=</c> with an error;
    /// false when it is neither.
    /// </summary>
    public static bool TryParseServerFinal(string message, out byte[]? signature, out string? error)
    {
        signature = null;
        error = null;

        // RFC 5802 §7: server-final-message = (server-error / verifier) ["," extensions]
        var first = message.Split(',')[0];
        if (first.StartsWith("e=", StringComparison.Ordinal))
        {
            error = first[2..];
            return true;
        }

        if (!first.StartsWith("v=", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            signature = Convert.FromBase64String(first[2..]);
            return signature.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>RFC 5802 §5.1: in a saslname, ',' is sent as "=2C" and '=' as "=3D".</summary>
    public static string EncodeSaslName(string name) => name.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal);
}
