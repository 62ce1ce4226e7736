using System.Collections.Concurrent;
using System.Text.Json;

namespace Wren.Delivery.Outbound.TlsPolicy;

/// <summary>
/// Remembered MTA-STS policies keyed by domain: in memory, and when a folder is given also as one JSON
/// file per domain, so that a restart does not forget a policy before its max_age (the point of RFC 8461
/// §5.1's caching: an attacker who blocks the fetch must not be able to strip a known policy).
/// </summary>
public sealed class MtaStsPolicyCache
{
    private readonly ConcurrentDictionary<string, MtaStsCacheEntry?> _entries = new(StringComparer.Ordinal);
    private readonly string? _folder;

    /// <summary>Creates a cache; <paramref name="folder"/> (created when missing) persists it, null keeps it in memory.</summary>
    public MtaStsPolicyCache(string? folder)
    {
        _folder = folder;
        if (folder is not null)
            Directory.CreateDirectory(folder);
    }

    /// <summary>The entry for <paramref name="domain"/>, fresh or not; null when none is known.</summary>
    public async ValueTask<MtaStsCacheEntry?> GetAsync(string domain, CancellationToken cancellationToken)
    {
        string key = Key(domain);
        if (_entries.TryGetValue(key, out MtaStsCacheEntry? entry))
            return entry;
        entry = await LoadAsync(key, cancellationToken);
        return _entries.GetOrAdd(key, entry);
    }

    /// <summary>Remembers <paramref name="entry"/> for <paramref name="domain"/>, on disk too when persisted.</summary>
    public async Task PutAsync(string domain, MtaStsCacheEntry entry, CancellationToken cancellationToken)
    {
        string key = Key(domain);
        _entries[key] = entry;
        if (_folder is null)
            return;
        var stored = new StoredEntry(entry.Id, MtaStsPolicy.ModeText(entry.Policy.Mode), [.. entry.Policy.MxPatterns],
            (long)entry.Policy.MaxAge.TotalSeconds, entry.FetchedAt);
        string path = PathOf(key);
        string temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(stored), cancellationToken);
        // Replace in one rename, so a crash leaves the old entry or the new one, never half a file.
        File.Move(temp, path, overwrite: true);
    }

    private async Task<MtaStsCacheEntry?> LoadAsync(string key, CancellationToken cancellationToken)
    {
        if (_folder is null || !File.Exists(PathOf(key)))
            return null;
        try
        {
            byte[] bytes = await File.ReadAllBytesAsync(PathOf(key), cancellationToken);
            StoredEntry? s = JsonSerializer.Deserialize<StoredEntry>(bytes);
            MtaStsMode? mode = s?.Mode switch { "enforce" => MtaStsMode.Enforce, "testing" => MtaStsMode.Testing, "none" => MtaStsMode.None, _ => null };
            if (s is null || mode is null || s.Id is null || s.Mx is null)
                return null;
            return new MtaStsCacheEntry(s.Id, new MtaStsPolicy(mode.Value, s.Mx, TimeSpan.FromSeconds(s.MaxAgeSeconds)), s.FetchedAt);
        }
        catch (JsonException)
        {
            return null; // a damaged file is as good as none: the policy is fetched again
        }
    }

    // Domains reach here as DNS names (LDH labels), so they are safe file names once lower-cased; anything
    // else is refused rather than turned into a path.
    private static string Key(string domain)
    {
        string key = domain.TrimEnd('.').ToLowerInvariant();
        if (key.Length == 0 || key.StartsWith('.') || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            throw new ArgumentException($"'{domain}' is not a domain name", nameof(domain));
        return key;
    }

    private string PathOf(string key) => Path.Combine(_folder!, key + ".json");

    private sealed record StoredEntry(string Id, string Mode, string[] Mx, long MaxAgeSeconds, DateTimeOffset FetchedAt);
}
