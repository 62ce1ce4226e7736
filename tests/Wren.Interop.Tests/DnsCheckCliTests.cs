using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Wren.Cli.Commands;
using Wren.Cli.Commands.DnsCheck;
using Wren.Interop.Tests.Infrastructure;
using Wren.MailAuth.Dkim;
using Wren.Testing.Dns;
using Xunit;

namespace Wren.Interop.Tests;

/// <summary>
/// <c>wren dns check</c> as a real process, its DNS a test server on loopback (<c>WREN__DNS__SERVERS__0</c>), its
/// DKIM keys made by <c>wren dkim generate</c>; and the MTA-STS policy fetch in process against an HTTPS server on
/// loopback, since the port and trust anchor of the fetch are not configuration keys.
/// </summary>
public sealed class DnsCheckCliTests : IAsyncLifetime, IDisposable
{
    private const string Domain = "example.test";
    private const string Host = "mail.example.test";
    private const string Address = "192.0.2.10";

    private readonly WrenCli _cli = new();
    private TestDnsServer _dns = null!;

    public Task InitializeAsync()
    {
        _dns = TestDnsServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_correct_domain_is_all_ok_with_mta_sts_a_warning_and_exit_code_0()
    {
        await PublishCorrectDomainAsync();

        var run = await CheckAsync();

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains("Public address:  192.0.2.10 (PublicAddress)", run.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^MX\s+OK\s+example\.test\s+mail\.example\.test \(preference 10\) is an MX host", run.StandardOutput);
        Assert.Matches(@"(?m)^SPF\s+OK\s+example\.test\s+pass for 192\.0\.2\.10", run.StandardOutput);
        Assert.Matches(@"(?m)^DKIM\s+OK\s+e1\._domainkey\.example\.test\s+the published key is Wren's ed25519", run.StandardOutput);
        Assert.Matches(@"(?m)^DKIM\s+OK\s+r1\._domainkey\.example\.test\s+the published key is Wren's rsa-2048", run.StandardOutput);
        Assert.Matches(@"(?m)^DMARC\s+OK\s+_dmarc\.example\.test\s+p=reject", run.StandardOutput);
        Assert.Matches(@"(?m)^MTA-STS\s+WARN\s+_mta-sts\.example\.test\s+no MTA-STS record", run.StandardOutput);
        Assert.Matches(@"(?m)^TLS-RPT\s+OK\s+_smtp\._tls\.example\.test\s+reports go to mailto:tls@example\.test", run.StandardOutput);
        Assert.Matches(@"(?m)^REVERSE-DNS\s+OK\s+192\.0\.2\.10\s+192\.0\.2\.10 points to mail\.example\.test", run.StandardOutput);
        // The warning says what to publish and which policy file to serve.
        Assert.Matches(@"(?m)^  publish:   _mta-sts\.example\.test\. IN TXT ""v=STSv1; id=\d{14}""$", run.StandardOutput);
        Assert.Contains("https://mta-sts.example.test/.well-known/mta-sts.txt", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("    mx: mail.example.test", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("7 OK, 1 WARN, 0 FAIL, 0 ERROR: what is required is in place.", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_PublicAddress_the_host_names_addresses_are_used_and_the_output_says_so()
    {
        await PublishCorrectDomainAsync();

        var run = await CheckAsync(publicAddress: null);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains("Public address:  192.0.2.10 (the A/AAAA records of mail.example.test; set PublicAddress to choose)",
            run.StandardOutput, StringComparison.Ordinal);
        JsonElement root = JsonDocument.Parse((await CheckAsync("--json", publicAddress: null)).StandardOutput).RootElement;
        Assert.Equal("Hostname", root.GetProperty("publicAddressSource").GetString());
        Assert.Equal([Address], root.GetProperty("publicAddresses").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Missing_records_fail_with_the_exact_records_to_publish()
    {
        _dns.AddA(Host, Address);

        var run = await CheckAsync();

        Assert.True(run.ExitCode == ExitCodes.DnsCheckFailed, run.StandardOutput + run.StandardError);
        string output = run.StandardOutput;
        Assert.Matches(@"(?m)^MX\s+FAIL\s+example\.test\s+example\.test has no MX record", output);
        Assert.Contains("  publish:   example.test. IN MX 10 mail.example.test.\n", output, StringComparison.Ordinal);
        // Not an MX host yet, so SPF names the address rather than "mx".
        Assert.Matches(@"(?m)^SPF\s+FAIL\s+example\.test\s+example\.test has no SPF record", output);
        Assert.Contains("  publish:   example.test. IN TXT \"v=spf1 ip4:192.0.2.10 -all\"\n", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^DKIM\s+FAIL\s+s1\._domainkey\.example\.test\s+Wren has no DKIM key for example\.test", output);
        Assert.Contains("  then:      run: wren dkim generate example.test --selector s1", output, StringComparison.Ordinal);
        Assert.Contains("  publish:   _dmarc.example.test. IN TXT \"v=DMARC1; p=quarantine; rua=mailto:postmaster@example.test\"\n", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^TLS-RPT\s+WARN\s+", output);
        Assert.Contains("  publish:   _smtp._tls.example.test. IN TXT \"v=TLSRPTv1; rua=mailto:postmaster@example.test\"\n", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^REVERSE-DNS\s+FAIL\s+192\.0\.2\.10\s+192\.0\.2\.10 has no PTR record", output);
        Assert.Contains("  publish:   10.2.0.192.in-addr.arpa. IN PTR mail.example.test.\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_records_fail_and_the_suggestion_keeps_what_was_published()
    {
        await PublishCorrectDomainAsync();
        _dns.Remove(Domain);
        _dns.AddMx(Domain, 10, "mx.elsewhere.test");
        _dns.AddTxt(Domain, "v=spf1 ip4:198.51.100.1 -all");
        _dns.Remove("_dmarc." + Domain);
        _dns.AddTxt("_dmarc." + Domain, "v=DMARC1; p=bogus");
        _dns.Remove("10.2.0.192.in-addr.arpa");
        _dns.AddPtr(IPAddress.Parse(Address), "host-10.provider.test");

        var run = await CheckAsync("--json");

        Assert.Equal(ExitCodes.DnsCheckFailed, run.ExitCode);
        JsonElement root = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal("fail", root.GetProperty("status").GetString());
        JsonElement mx = Check(root, "mx");
        Assert.Equal("fail", mx.GetProperty("status").GetString());
        Assert.Equal(["10 mx.elsewhere.test"], Strings(mx, "published"));
        Assert.Equal(["example.test. IN MX 10 mail.example.test."], Strings(mx, "publish"));
        JsonElement spf = Check(root, "spf");
        Assert.Equal("fail", spf.GetProperty("status").GetString());
        Assert.StartsWith("fail for 192.0.2.10", spf.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(["example.test. IN TXT \"v=spf1 ip4:192.0.2.10 ip4:198.51.100.1 -all\""], Strings(spf, "publish"));
        JsonElement dmarc = Check(root, "dmarc");
        Assert.Equal("fail", dmarc.GetProperty("status").GetString());
        Assert.Equal(["v=DMARC1; p=bogus"], Strings(dmarc, "published"));
        JsonElement reverse = Check(root, "reverse-dns");
        Assert.Equal("fail", reverse.GetProperty("status").GetString());
        Assert.Contains("host-10.provider.test, not to mail.example.test", reverse.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(["10.2.0.192.in-addr.arpa. IN PTR mail.example.test."], Strings(reverse, "publish"));
    }

    [Fact]
    public async Task A_dkim_record_with_another_key_fails_with_the_record_of_wrens_key()
    {
        await PublishCorrectDomainAsync();
        using var other = new WrenCli();
        Assert.Equal(0, (await other.RunAsync(["dkim", "generate", Domain, "-s", "e1", "-a", "ed25519"])).ExitCode);
        string otherRecord = (await new DkimKeyStore(other.DataDirectory).ListAsync(Domain)).Single().DnsRecord.Text;
        _dns.Remove("e1._domainkey." + Domain);
        _dns.AddTxt("e1._domainkey." + Domain, otherRecord);

        var run = await CheckAsync("--json");

        Assert.Equal(ExitCodes.DnsCheckFailed, run.ExitCode);
        JsonElement root = JsonDocument.Parse(run.StandardOutput).RootElement;
        JsonElement[] dkim = [.. root.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("check").GetString() == "dkim")];
        Assert.Equal(["e1._domainkey.example.test", "r1._domainkey.example.test"], dkim.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(["fail", "ok"], dkim.Select(c => c.GetProperty("status").GetString()));
        Assert.StartsWith("p= is a different key than Wren's", dkim[0].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal([otherRecord], Strings(dkim[0], "published"));
        DkimKey mine = (await new DkimKeyStore(_cli.DataDirectory).ListAsync(Domain)).Single(k => k.Selector == "e1");
        Assert.Equal([$"e1._domainkey.example.test. IN TXT \"{mine.DnsRecord.Text}\""], Strings(dkim[0], "publish"));
    }

    [Fact]
    public async Task Servfail_is_an_error_not_a_missing_record()
    {
        await PublishCorrectDomainAsync();
        _dns.Fail("_dmarc." + Domain);

        var text = await CheckAsync();
        var json = await CheckAsync("--json");

        Assert.True(text.ExitCode == ExitCodes.DnsCheckUnknown, text.StandardOutput + text.StandardError);
        Assert.Matches(@"(?m)^DMARC\s+ERROR\s+_dmarc\.example\.test\s+lookup of _dmarc\.example\.test \(TXT\) failed", text.StandardOutput);
        Assert.DoesNotContain("no DMARC record", text.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("IN TXT \"v=DMARC1", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("  published: (unknown)", text.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.DnsCheckUnknown, json.ExitCode);
        JsonElement root = JsonDocument.Parse(json.StandardOutput).RootElement;
        Assert.Equal("error", root.GetProperty("status").GetString());
        Assert.Equal(1, root.GetProperty("counts").GetProperty("error").GetInt32());
        JsonElement dmarc = Check(root, "dmarc");
        Assert.Equal("error", dmarc.GetProperty("status").GetString());
        Assert.Empty(Strings(dmarc, "publish"));
    }

    [Fact]
    public async Task Json_has_a_stable_shape()
    {
        await PublishCorrectDomainAsync();

        var run = await CheckAsync("--json");

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        JsonElement root = JsonDocument.Parse(run.StandardOutput).RootElement;
        Assert.Equal(["domain", "hostname", "publicAddresses", "publicAddressSource", "status", "counts", "checks"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Domain, root.GetProperty("domain").GetString());
        Assert.Equal(Host, root.GetProperty("hostname").GetString());
        Assert.Equal("PublicAddress", root.GetProperty("publicAddressSource").GetString());
        Assert.Equal("warn", root.GetProperty("status").GetString());
        Assert.Equal(["ok", "warn", "fail", "error"], root.GetProperty("counts").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["mx", "spf", "dkim", "dkim", "dmarc", "mta-sts", "tls-rpt", "reverse-dns"],
            root.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("check").GetString()));
        foreach (JsonElement check in root.GetProperty("checks").EnumerateArray())
        {
            Assert.Equal(["check", "name", "status", "summary", "published", "expected", "publish", "notes"],
                check.EnumerateObject().Select(p => p.Name));
        }
        Assert.Equal(["v=spf1 mx -all"], Strings(Check(root, "spf"), "published"));
    }

    [Fact]
    public async Task Long_dkim_records_are_split_into_strings_of_at_most_255_bytes()
    {
        await PublishCorrectDomainAsync();
        _dns.Remove("r1._domainkey." + Domain);

        var run = await CheckAsync("--json");

        JsonElement rsa = JsonDocument.Parse(run.StandardOutput).RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "r1._domainkey.example.test");
        Assert.Equal("fail", rsa.GetProperty("status").GetString());
        string line = Assert.Single(Strings(rsa, "publish"));
        Assert.StartsWith("r1._domainkey.example.test. IN TXT ( \"v=DKIM1; k=rsa; p=", line, StringComparison.Ordinal);
        string[] strings = [.. line.Split('"').Where((_, i) => i % 2 == 1)];
        Assert.True(strings.Length >= 2);
        Assert.All(strings, s => Assert.True(s.Length <= 255));
        DkimKey key = (await new DkimKeyStore(_cli.DataDirectory).ListAsync(Domain)).Single(k => k.Selector == "r1");
        Assert.Equal(key.DnsRecord.Text, string.Concat(strings));
    }

    [Fact]
    public async Task An_mta_sts_record_whose_policy_cannot_be_fetched_fails()
    {
        await PublishCorrectDomainAsync();
        _dns.AddTxt("_mta-sts." + Domain, "v=STSv1; id=2026a");
        _dns.AddA("mta-sts." + Domain, "127.0.0.1"); // nothing serves HTTPS there for this name

        var run = await CheckAsync();

        Assert.Equal(ExitCodes.DnsCheckFailed, run.ExitCode);
        Assert.Matches(@"(?m)^MTA-STS\s+FAIL\s+_mta-sts\.example\.test\s+id=2026a, but the policy cannot be had: ", run.StandardOutput);
        Assert.Contains("  published: v=STSv1; id=2026a", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mta_sts_policy_served_over_https_must_cover_the_host_name()
    {
        var dns = new FakeDnsResolver();
        PublishCorrectDomain(dns, await GenerateKeysAsync());
        dns.AddTxt("_mta-sts." + Domain, "v=STSv1; id=2026a");
        dns.AddA("mta-sts." + Domain, "127.0.0.1");
        using X509Certificate2 certificate = SelfSigned("mta-sts." + Domain);
        await using var https = new PolicyServer(certificate, "version: STSv1\nmode: enforce\nmx: *.example.test\nmax_age: 86400\n");
        var options = new DnsCheckOptions
        {
            Domain = Domain,
            Hostname = Host,
            PublicAddress = IPAddress.Parse(Address),
            DataDirectory = _cli.DataDirectory,
            MtaStsPort = https.Port,
            ExtraTrustedRoots = [certificate],
        };

        DnsCheckReport covered = await new DnsChecker(dns, options).RunAsync();
        DnsCheckResult ok = covered.Results.Single(r => r.Check == MtaStsCheck.Id);
        Assert.Equal(DnsCheckStatus.Ok, ok.Status);
        Assert.Equal("id=2026a; policy mode: enforce; max_age: 86400; mx: *.example.test", ok.Summary);
        Assert.Equal(DnsCheckStatus.Ok, covered.Status);
        Assert.Equal(0, covered.ExitCode);

        https.Policy = "version: STSv1\nmode: enforce\nmx: mx.other.test\nmax_age: 86400\n";
        DnsCheckResult uncovered = (await new DnsChecker(dns, options).RunAsync()).Results.Single(r => r.Check == MtaStsCheck.Id);
        Assert.Equal(DnsCheckStatus.Fail, uncovered.Status);
        Assert.Contains("no mx line covers mail.example.test (RFC 8461 §4.1)", uncovered.Summary, StringComparison.Ordinal);
        Assert.Contains("    mx: mail.example.test", uncovered.Notes);
    }

    [Fact]
    public async Task Weaker_records_warn_and_broken_ones_fail_in_process()
    {
        var dns = new FakeDnsResolver();
        PublishCorrectDomain(dns, await GenerateKeysAsync());
        // A second Ed25519 key, newer: it does not sign yet, so its missing record is a warning.
        File.SetLastWriteTimeUtc((await new DkimKeyStore(_cli.DataDirectory).ListAsync(Domain)).Single(k => k.Selector == "e1").Path,
            DateTime.UtcNow.AddHours(-1));
        Assert.Equal(0, (await _cli.RunAsync(["dkim", "generate", Domain, "-s", "e2", "-a", "ed25519"])).ExitCode);
        dns.Remove("_dmarc." + Domain);
        dns.AddTxt("_dmarc." + Domain, "v=DMARC1; p=none; rua=mailto:postmaster@example.test");
        dns.AddTxt(Domain, "v=spf1 a -all");
        dns.Remove("_smtp._tls." + Domain);
        dns.AddTxt("_smtp._tls." + Domain, "v=TLSRPTv1; rua=ftp://reports.example.test/");
        var options = new DnsCheckOptions { Domain = Domain, Hostname = Host, PublicAddress = IPAddress.Parse(Address), DataDirectory = _cli.DataDirectory };

        DnsCheckReport report = await new DnsChecker(dns, options).RunAsync();

        DnsCheckResult pending = report.Results.Single(r => r.Name == "e2._domainkey.example.test");
        Assert.Equal((DnsCheckStatus.Warn, "e2._domainkey.example.test does not exist (Wren's ed25519 key, which does not sign now)"),
            (pending.Status, pending.Summary));
        Assert.Equal(DnsCheckStatus.Ok, report.Results.Single(r => r.Name == "e1._domainkey.example.test").Status);
        DnsCheckResult dmarc = report.Results.Single(r => r.Check == DmarcCheck.Id);
        Assert.Equal(DnsCheckStatus.Warn, dmarc.Status);
        Assert.StartsWith("p=none: receivers are asked to do nothing", dmarc.Summary, StringComparison.Ordinal);
        DnsCheckResult spf = report.Results.Single(r => r.Check == SpfCheck.Id);
        Assert.Equal(DnsCheckStatus.Fail, spf.Status);
        Assert.Equal(["example.test. IN TXT \"v=spf1 mx -all\""], spf.Publish);
        Assert.Equal(["publish only this one v=spf1 record: several make every check a permerror (RFC 7208 §4.5)"], spf.Notes);
        DnsCheckResult tlsRpt = report.Results.Single(r => r.Check == TlsRptCheck.Id);
        Assert.Equal((DnsCheckStatus.Fail, "the record is not valid: rua 'ftp://reports.example.test/' is not a mailto: or https: URI"),
            (tlsRpt.Status, tlsRpt.Summary));
        Assert.Equal(ExitCodes.DnsCheckFailed, report.ExitCode);
    }

    [Fact]
    public void Zone_file_lines_quote_and_split_txt_values()
    {
        Assert.Equal("a.test. IN TXT \"say \\\"hi\\\" \\\\ bye\"", ZoneFile.Txt("a.test", "say \"hi\" \\ bye"));
        string line = ZoneFile.Txt("a.test.", new string('x', 300));
        Assert.Equal($"a.test. IN TXT ( \"{new string('x', 255)}\" \"{new string('x', 45)}\" )", line);
        Assert.Equal("10.2.0.192.in-addr.arpa. IN PTR mail.example.test.", ZoneFile.Ptr(IPAddress.Parse(Address), Host));
        Assert.Equal("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", ZoneFile.ReverseName(IPAddress.Parse("2001:db8::1")));
        Assert.Equal("mail.example.test. IN AAAA 2001:db8::1", ZoneFile.Address(Host, IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public async Task A_bad_PublicAddress_is_a_configuration_error()
    {
        var run = await CheckAsync(publicAddress: "not-an-address");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("wren: bad configuration: PublicAddress is 'not-an-address'", run.StandardError, StringComparison.Ordinal);
    }

    private Task<WrenCli.Result> CheckAsync(string? option = null, string? publicAddress = Address)
    {
        var environment = new Dictionary<string, string>
        {
            ["WREN__DNS__SERVERS__0"] = _dns.ServerAddress,
            ["WREN__DNS__TIMEOUT"] = "00:00:02",
            ["WREN__HOSTNAME"] = Host,
        };
        if (publicAddress is not null)
            environment["WREN__PUBLICADDRESS"] = publicAddress;
        string[] arguments = option is null ? ["dns", "check", Domain] : ["dns", "check", Domain, option];
        return _cli.RunRawAsync([.. arguments, "--data", _cli.DataDirectory], environment: environment);
    }

    private async Task<IReadOnlyList<DkimKey>> GenerateKeysAsync()
    {
        var ed = await _cli.RunAsync(["dkim", "generate", Domain, "--selector", "e1", "--algorithm", "ed25519"]);
        Assert.True(ed.ExitCode == 0, ed.StandardError);
        var rsa = await _cli.RunAsync(["dkim", "generate", Domain, "--selector", "r1"]);
        Assert.True(rsa.ExitCode == 0, rsa.StandardError);
        return await new DkimKeyStore(_cli.DataDirectory).ListAsync(Domain);
    }

    private async Task PublishCorrectDomainAsync() => PublishCorrectDomain(_dns, await GenerateKeysAsync());

    private static void PublishCorrectDomain(TestDnsZone zone, IReadOnlyList<DkimKey> keys)
    {
        zone.AddMx(Domain, 10, Host);
        zone.AddA(Host, Address);
        zone.AddTxt(Domain, "v=spf1 mx -all");
        foreach (DkimKey key in keys)
            zone.AddTxt(key.DnsRecord.Name, [.. key.DnsRecord.Strings]);
        zone.AddTxt("_dmarc." + Domain, "v=DMARC1; p=reject; rua=mailto:postmaster@example.test");
        zone.AddTxt("_smtp._tls." + Domain, "v=TLSRPTv1; rua=mailto:tls@example.test");
        zone.AddPtr(IPAddress.Parse(Address), Host);
    }

    private static JsonElement Check(JsonElement root, string check) =>
        root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == check);

    private static string[] Strings(JsonElement check, string property) =>
        [.. check.GetProperty(property).EnumerateArray().Select(e => e.GetString() ?? "")];

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>HTTPS on 127.0.0.1 (ephemeral port): every request gets <see cref="Policy"/> as text/plain, then the connection closes.</summary>
    private sealed class PolicyServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly SslStreamCertificateContext _certificate;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public PolicyServer(X509Certificate2 certificate, string policy)
        {
            _certificate = SslStreamCertificateContext.Create(certificate, null, offline: true);
            Policy = policy;
            _listener.Start();
            _loop = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Policy { get; set; }

        private async Task AcceptAsync()
        {
            var connections = new List<Task>();
            while (true)
            {
                try
                {
                    connections.Add(ServeAsync(await _listener.AcceptTcpClientAsync(_stop.Token)));
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    break;
                }
            }
            await Task.WhenAll(connections);
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    await using var tls = new SslStream(client.GetStream());
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = _certificate }, _stop.Token);
                    var head = new StringBuilder();
                    byte[] one = new byte[1];
                    while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await tls.ReadAsync(one, _stop.Token) == 1)
                        head.Append((char)one[0]);
                    string response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.UTF8.GetByteCount(Policy)}\r\n"
                        + $"Connection: close\r\n\r\n{Policy}";
                    await tls.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
                    await tls.ShutdownAsync();
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or SocketException)
                {
                    // the client went away
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }
}
