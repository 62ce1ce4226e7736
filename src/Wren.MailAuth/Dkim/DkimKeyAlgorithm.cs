namespace Wren.MailAuth.Dkim;

/// <summary>The key types Wren signs with.</summary>
public enum DkimKeyAlgorithm
{
    /// <summary>RSA (k=rsa), signing rsa-sha256 (RFC 6376 §3.3.1; RFC 8301: at least 1024 bits, 2048 recommended).</summary>
    Rsa,

    /// <summary>Ed25519 (k=ed25519), signing ed25519-sha256 (RFC 8463).</summary>
    Ed25519,
}

/// <summary>Names of <see cref="DkimKeyAlgorithm"/> in file names, k= and a=.</summary>
public static class DkimKeyAlgorithms
{
    /// <summary>The k= value and file name part: <c>rsa</c> or <c>ed25519</c>.</summary>
    public static string Name(this DkimKeyAlgorithm algorithm) => algorithm switch
    {
        DkimKeyAlgorithm.Rsa => "rsa",
        DkimKeyAlgorithm.Ed25519 => "ed25519",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>The a= value: <c>rsa-sha256</c> or <c>ed25519-sha256</c>.</summary>
    public static string SignatureAlgorithm(this DkimKeyAlgorithm algorithm) => algorithm.Name() + "-sha256";

    /// <summary>Reads <c>rsa</c> or <c>ed25519</c> (any case).</summary>
    public static bool TryParse(string? text, out DkimKeyAlgorithm algorithm)
    {
        switch (text?.ToLowerInvariant())
        {
            case "rsa": algorithm = DkimKeyAlgorithm.Rsa; return true;
            case "ed25519": algorithm = DkimKeyAlgorithm.Ed25519; return true;
            default: algorithm = default; return false;
        }
    }
}
