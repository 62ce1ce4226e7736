using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Wren.MailAuth.Tests.Dkim;

/// <summary>
/// dkimpy (Debian's python3-dkim), the independent implementation the cross-checks compare with. It is
/// imported by /usr/bin/python3 (not the first python3 on PATH). DNS is a dictionary handed to dnsfunc.
/// </summary>
internal static class Dkimpy
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(Probe);

    /// <summary>Why dkimpy cannot run here, or null when it can.</summary>
    public static string? WhyUnavailable => Missing.Value;

    private const string VerifyScript = """
        import sys, json, dkim
        records = json.load(open(sys.argv[1]))
        def dnsfunc(name, timeout=5):
            value = records.get(name.decode('ascii', 'replace').rstrip('.').lower())
            return value.encode('ascii') if value is not None else None
        message = sys.stdin.buffer.read()
        d = dkim.DKIM(message)
        count = sum(1 for k, v in d.headers if k.lower() == b'dkim-signature')
        def verdict(i):
            try:
                return 'pass' if d.verify(idx=i, dnsfunc=dnsfunc) else 'fail'
            except dkim.DKIMException:
                return 'fail'
        print(' '.join(verdict(i) for i in range(count)))
        """;

    private const string SignScript = """
        import sys, dkim
        selector, domain, key_file, algorithm, length = sys.argv[1:6]
        headers = [h.encode() for h in sys.argv[6].split(':')]
        message = sys.stdin.buffer.read()
        key = open(key_file, 'rb').read()
        sig = dkim.sign(message, selector.encode(), domain.encode(), key, canonicalize=(b'relaxed', b'relaxed'),
                        include_headers=headers, signature_algorithm=algorithm.encode(), length=(length == 'l'))
        sys.stdout.buffer.write(sig)
        """;

    /// <summary>dkimpy's verdict for each DKIM-Signature of <paramref name="message"/>: "pass" or "fail".</summary>
    public static async Task<string[]> VerifyAsync(byte[] message, IReadOnlyDictionary<string, string> records)
    {
        string recordsFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(recordsFile, JsonSerializer.Serialize(records.ToDictionary(r => r.Key.ToLowerInvariant(), r => r.Value)));
            byte[] output = await RunAsync(VerifyScript, [recordsFile], message);
            return Encoding.ASCII.GetString(output).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            File.Delete(recordsFile);
        }
    }

    /// <summary>dkimpy's DKIM-Signature field (relaxed/relaxed) for <paramref name="message"/>.</summary>
    /// <param name="message">The message, CRLF line ends.</param>
    /// <param name="selector">s=.</param>
    /// <param name="domain">d=.</param>
    /// <param name="keyFile">RSA: a PEM file; ed25519: the base64 of the 32-byte private key.</param>
    /// <param name="algorithm">rsa-sha256 or ed25519-sha256.</param>
    /// <param name="bodyLength">Add l= (the body length at signing).</param>
    public static async Task<byte[]> SignAsync(byte[] message, string selector, string domain, string keyFile, string algorithm, bool bodyLength = false) =>
        await RunAsync(SignScript, [selector, domain, keyFile, algorithm, bodyLength ? "l" : "-", "from:to:subject:date:message-id"], message);

    private static async Task<byte[]> RunAsync(string script, string[] arguments, byte[] input)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(), // not a folder holding a "dkim" directory that would shadow the module
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
        await copy;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dkimpy failed ({process.ExitCode}): {await error}");
        return output.ToArray();
    }

    private static string? Probe()
    {
        if (!File.Exists(Python))
            return $"{Python} not found: install python3-dkim to run the dkimpy cross-checks";
        try
        {
            var start = new ProcessStartInfo(Python, ["-c", "import dkim"])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            using Process process = Process.Start(start)!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{Python} cannot import dkim: install python3-dkim (apt-get install python3-dkim)";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Python} cannot run: {e.Message}";
        }
    }
}

/// <summary>A fact that is skipped, saying why, when dkimpy cannot be imported by /usr/bin/python3.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class DkimpyFactAttribute : FactAttribute
{
    public DkimpyFactAttribute()
    {
        if (Dkimpy.WhyUnavailable is { } why)
            Skip = why;
    }
}

/// <summary>A theory that is skipped, saying why, when dkimpy cannot be imported by /usr/bin/python3.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class DkimpyTheoryAttribute : TheoryAttribute
{
    public DkimpyTheoryAttribute()
    {
        if (Dkimpy.WhyUnavailable is { } why)
            Skip = why;
    }
}
