using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Wren.MailAuth.Dkim;

/// <summary>
/// DKIM private keys in the data folder: <c>&lt;data&gt;/dkim/&lt;domain&gt;/&lt;selector&gt;.&lt;rsa|ed25519&gt;.pem</c>, each an
/// unencrypted PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>) readable only by its owner (mode 0600; folders 0700).
/// A key's creation time is its file's modification time. Retiring a key is deleting its file.
/// </summary>
public sealed partial class DkimKeyStore
{
    /// <summary>The RSA key length <see cref="GenerateAsync"/> uses by default (RFC 8301 §3.2 recommends at least 2048).</summary>
    public const int DefaultRsaBits = 2048;

    private const string Extension = ".pem";

    /// <summary>A store under <paramref name="dataDirectory"/> (the keys are in its <c>dkim</c> folder).</summary>
    public DkimKeyStore(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        Root = System.IO.Path.Combine(dataDirectory, "dkim");
    }

    /// <summary>The folder holding one folder per domain.</summary>
    public string Root { get; }

    /// <summary>The file of a key: <c>dkim/domain/selector.algorithm.pem</c>.</summary>
    public string PathOf(string domain, string selector, DkimKeyAlgorithm algorithm) =>
        System.IO.Path.Combine(Root, CheckName(domain, "domain"), $"{CheckName(selector, "selector")}.{algorithm.Name()}{Extension}");

    /// <summary>
    /// Creates a key and writes it; refuses (<see cref="DkimKeyStoreException"/>) when that domain, selector and
    /// algorithm has a key already. The file is complete or absent, never half-written.
    /// </summary>
    /// <param name="domain">The signing domain, in canonical form (lower-case A-labels).</param>
    /// <param name="selector">The selector: DNS labels (letters, digits, hyphens), lower-cased here.</param>
    /// <param name="algorithm">RSA or Ed25519.</param>
    /// <param name="rsaBits">The RSA key length, 1024 to 8192 (default 2048).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<DkimKey> GenerateAsync(string domain, string selector, DkimKeyAlgorithm algorithm,
        int rsaBits = DefaultRsaBits, CancellationToken cancellationToken = default)
    {
        domain = CheckName(domain, "domain");
        selector = CheckName(selector, "selector");
        if (rsaBits is < 1024 or > 8192)
            throw new DkimKeyStoreException($"an RSA key has 1024 to 8192 bits, not {rsaBits}");
        string path = PathOf(domain, selector, algorithm);
        if (File.Exists(path))
            throw new DkimKeyStoreException($"the {algorithm.Name()} key for selector {selector} of {domain} exists already ({path})");

        byte[] privateKey = Generate(algorithm, rsaBits);
        string pem = ToPem(privateKey);
        string folder = System.IO.Path.GetDirectoryName(path)!;
        CreateDirectory(Root);
        CreateDirectory(folder);
        string temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            await using (var file = new FileStream(temporary, options))
            {
                await file.WriteAsync(Encoding.ASCII.GetBytes(pem), cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            // Never replaces a key that appeared meanwhile: Move without overwrite fails instead.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new DkimKeyStoreException($"the {algorithm.Name()} key for selector {selector} of {domain} exists already ({path})");
        }
        finally
        {
            File.Delete(temporary);
        }
        return await LoadFileAsync(path, domain, selector, algorithm, cancellationToken).ConfigureAwait(false)
            ?? throw new DkimKeyStoreException($"{path} vanished after it was written");
    }

    /// <summary>The key of <paramref name="domain"/>, <paramref name="selector"/> and <paramref name="algorithm"/>, or null.</summary>
    public Task<DkimKey?> LoadAsync(string domain, string selector, DkimKeyAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        domain = CheckName(domain, "domain");
        selector = CheckName(selector, "selector");
        return LoadFileAsync(PathOf(domain, selector, algorithm), domain, selector, algorithm, cancellationToken);
    }

    /// <summary>
    /// Every key (of one domain, or of all), sorted by domain, then newest first. Files that do not follow the
    /// naming scheme are ignored; a file that is named like a key but is not one is an error.
    /// </summary>
    public async Task<IReadOnlyList<DkimKey>> ListAsync(string? domain = null, CancellationToken cancellationToken = default)
    {
        var keys = new List<DkimKey>();
        if (!Directory.Exists(Root))
            return keys;
        IEnumerable<string> folders = domain is null
            ? Directory.EnumerateDirectories(Root)
            : [System.IO.Path.Combine(Root, CheckName(domain, "domain"))];
        foreach (string folder in folders.Where(Directory.Exists))
        {
            string domainName = System.IO.Path.GetFileName(folder);
            if (!IsName(domainName))
                continue;
            foreach (string file in Directory.EnumerateFiles(folder, "*" + Extension))
            {
                string[] parts = System.IO.Path.GetFileName(file)[..^Extension.Length].Split('.');
                if (parts.Length < 2 || !DkimKeyAlgorithms.TryParse(parts[^1], out DkimKeyAlgorithm algorithm))
                    continue;
                string selector = string.Join('.', parts[..^1]);
                if (!IsName(selector))
                    continue;
                if (await LoadFileAsync(file, domainName, selector, algorithm, cancellationToken).ConfigureAwait(false) is { } key)
                    keys.Add(key);
            }
        }
        return [.. keys.OrderBy(k => k.Domain, StringComparer.Ordinal).ThenByDescending(k => k.Created).ThenBy(k => k.Selector, StringComparer.Ordinal)];
    }

    private static async Task<DkimKey?> LoadFileAsync(string path, string domain, string selector, DkimKeyAlgorithm algorithm, CancellationToken cancellationToken)
    {
        string pem;
        try
        {
            pem = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        AsymmetricKeyParameter key = ReadPem(pem, path);
        bool fits = algorithm == DkimKeyAlgorithm.Rsa ? key is RsaPrivateCrtKeyParameters : key is Ed25519PrivateKeyParameters;
        if (!fits)
            throw new DkimKeyStoreException($"{path} does not hold an {algorithm.Name()} private key");
        var created = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        return new DkimKey(domain, selector, algorithm, created, path, key);
    }

    private static AsymmetricKeyParameter ReadPem(string pem, string path)
    {
        // RFC 7468 §10: PKCS#8 "PRIVATE KEY".
        if (!System.Security.Cryptography.PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != "PRIVATE KEY")
            throw new DkimKeyStoreException($"{path} is not a PKCS#8 PEM private key");
        try
        {
            return PrivateKeyFactory.CreateKey(Convert.FromBase64String(pem[fields.Base64Data]));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or SecurityUtilityException or FormatException)
        {
            throw new DkimKeyStoreException($"{path} is not a readable private key: {e.Message}", e);
        }
    }

    // PKCS#8 DER of a new key: RSA from the platform (OpenSSL, fast), Ed25519 from BouncyCastle.
    private static byte[] Generate(DkimKeyAlgorithm algorithm, int rsaBits)
    {
        if (algorithm == DkimKeyAlgorithm.Ed25519)
            return PrivateKeyInfoFactory.CreatePrivateKeyInfo(new Ed25519PrivateKeyParameters(new SecureRandom())).GetDerEncoded();
        using var rsa = System.Security.Cryptography.RSA.Create(rsaBits);
        return rsa.ExportPkcs8PrivateKey();
    }

    private static string ToPem(byte[] pkcs8) =>
        new string(System.Security.Cryptography.PemEncoding.Write("PRIVATE KEY", pkcs8)) + "\n";

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    // Domains and selectors are DNS names (RFC 6376 §3.1: selector = sub-domain *( "." sub-domain )): they become
    // file names, so nothing else gets through (no "..", no separators).
    private static string CheckName(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        string lower = name.ToLowerInvariant();
        return IsName(lower) ? lower : throw new DkimKeyStoreException($"'{name}' is not a valid {what}");
    }

    private static bool IsName(string name) => name.Length <= 253 && DnsName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsName();
}
