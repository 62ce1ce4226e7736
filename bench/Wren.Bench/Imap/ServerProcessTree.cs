using System.Globalization;

namespace Wren.Bench.Imap;

/// <summary>
/// The server under test as the kernel sees it: one process (Wren) or a master with children (Dovecot forks one
/// <c>imap</c> process per session, plus login, auth and log processes). Memory and CPU are summed over the
/// root and all its descendants, read from <c>/proc</c>: RSS (<c>VmRSS</c>), which counts shared pages once per
/// process; PSS (<c>smaps_rollup</c>), which divides each shared page among the processes that map it, so
/// that the sum is what the tree really holds; and USS, the pages private to each process.
/// </summary>
internal sealed class ServerProcessTree(int rootPid)
{
    /// <summary>The root process.</summary>
    public int RootPid { get; } = rootPid;

    /// <summary>
    /// The process listening on TCP <paramref name="port"/>: the listening socket's inode from
    /// <c>/proc/net/tcp</c>/<c>tcp6</c>, then the processes with that socket among their file descriptors; of
    /// those, the one whose parent does not hold it too (Dovecot's master, not its login processes). Null when
    /// none is found (another user's process, or no /proc).
    /// </summary>
    public static int? FindListener(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // sl local_address rem_address st … inode (field 9); st 0A = LISTEN
                if (f.Length < 10 || f[3] != "0A")
                    continue;
                int colon = f[1].LastIndexOf(':');
                if (colon > 0 && int.TryParse(f[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int p) && p == port)
                    inodes.Add($"socket:[{f[9]}]");
            }
        }
        if (inodes.Count == 0)
            return null;

        var holders = new HashSet<int>();
        foreach (int pid in AllPids())
        {
            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        holders.Add(pid);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone, or not ours to read
            }
        }
        foreach (int pid in holders.Order())
        {
            if (ParentOf(pid) is not int parent || !holders.Contains(parent))
                return pid;
        }
        return null;
    }

    /// <summary>The RSS of <paramref name="pids"/> summed, in KiB (a quick look at a tree listed before).</summary>
    public static long SumRssKiB(IReadOnlyList<int> pids) => pids.Sum(pid => ReadKiB($"/proc/{pid}/status", "VmRSS:") ?? 0);

    /// <summary>The root and its descendants now.</summary>
    public IReadOnlyList<int> Pids()
    {
        var parents = new Dictionary<int, int>();
        foreach (int pid in AllPids())
        {
            if (ParentOf(pid) is int parent)
                parents[pid] = parent;
        }
        var children = parents.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList());
        var tree = new List<int>();
        var pending = new Stack<int>();
        pending.Push(RootPid);
        while (pending.Count > 0 && tree.Count < 1_000_000)
        {
            int pid = pending.Pop();
            tree.Add(pid);
            if (children.TryGetValue(pid, out List<int>? list))
                list.ForEach(pending.Push);
        }
        return tree;
    }

    /// <summary>Reads the tree's figures now.</summary>
    public ServerSnapshot Snapshot()
    {
        IReadOnlyList<int> tree = Pids();

        long rss = 0, pss = 0, uss = 0, ticks = 0;
        int alive = 0;
        foreach (int pid in tree)
        {
            long? processRss = ReadKiB($"/proc/{pid}/status", "VmRSS:");
            if (processRss is null)
                continue; // exited meanwhile
            alive++;
            rss += processRss.Value;
            Dictionary<string, long> rollup = ReadAllKiB($"/proc/{pid}/smaps_rollup");
            pss += rollup.GetValueOrDefault("Pss:", processRss.Value);
            uss += rollup.GetValueOrDefault("Private_Clean:") + rollup.GetValueOrDefault("Private_Dirty:");
            ticks += CpuTicks(pid, withReapedChildren: pid == RootPid);
        }
        return new ServerSnapshot(alive, rss, pss, uss, TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond));
    }

    // USER_HZ: 100 on every Linux the bench runs on (sysconf(_SC_CLK_TCK)).
    private const int ClockTicksPerSecond = 100;

    private static IEnumerable<int> AllPids()
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                yield return pid;
        }
    }

    // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
    private static string[]? StatFields(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close < 0 ? null : stat[(close + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ParentOf(int pid) =>
        StatFields(pid) is { Length: > 1 } f && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int ppid) ? ppid : null;

    // utime stime (fields 14, 15), plus cutime cstime (16, 17) of children already waited for: Dovecot's master
    // reaps each finished session's process, whose CPU would otherwise be lost from the sum.
    private static long CpuTicks(int pid, bool withReapedChildren)
    {
        if (StatFields(pid) is not { Length: > 14 } f)
            return 0;
        long Field(int number) => long.TryParse(f[number - 3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : 0;
        return Field(14) + Field(15) + (withReapedChildren ? Field(16) + Field(17) : 0);
    }

    // "Key:   123 kB" lines of /proc/PID/smaps_rollup.
    private static Dictionary<string, long> ReadAllKiB(string path)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && parts[0].EndsWith(':') && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kib))
                    values[parts[0]] = kib;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // exited, or not readable
        }
        return values;
    }

    private static long? ReadKiB(string path, string key)
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal))
                    continue;
                string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kib) ? kib : null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // exited, or not readable
        }
        return null;
    }
}

/// <summary>
/// The server tree at one moment: processes alive; summed RSS, PSS and USS (private pages: Private_Clean +
/// Private_Dirty, what no other process shares, so unaffected by unrelated processes mapping the same
/// libraries) in KiB; CPU used so far.
/// </summary>
internal sealed record ServerSnapshot(int Processes, long RssKiB, long PssKiB, long UssKiB, TimeSpan Cpu);
