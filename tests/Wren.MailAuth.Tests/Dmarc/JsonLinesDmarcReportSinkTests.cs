using System.Net;
using System.Text.Json;
using Wren.MailAuth.Dkim;
using Wren.MailAuth.Dmarc;
using Wren.MailAuth.Spf;

namespace Wren.MailAuth.Tests.Dmarc;

public sealed class JsonLinesDmarcReportSinkTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "wren-dmarc-rows-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Rows_are_appended_per_utc_day_with_the_aggregate_report_fields()
    {
        Assert.True(DmarcRecord.TryParse("v=DMARC1; p=reject; sp=quarantine; adkim=s; pct=50; rua=mailto:agg@example.com", out var record, out _));
        var result = new DmarcResult(DmarcVerdict.Fail, "news.example.com", "example.com", DmarcPolicy.Quarantine, DmarcPolicy.None,
            SpfAligned: false, DkimAligned: false) { Record = record, Sampled = false };
        var spf = new SpfResult(SpfVerdict.SoftFail, "bounces.example.net");
        DkimResult[] dkim = [new(DkimVerdict.Fail, "example.com", "s1", "rsa-sha256", Reason: "body hash did not verify")];
        var sink = new JsonLinesDmarcReportSink(folder);
        var day = new DateTimeOffset(2026, 12, 3, 23, 30, 0, TimeSpan.FromHours(-2)); // already the 4th in UTC

        await sink.RecordAsync(DmarcReportRecord.For(result, IPAddress.Parse("192.0.2.7"), "example.net", spf, dkim, day)!);
        await sink.RecordAsync(DmarcReportRecord.For(result, IPAddress.Parse("2001:db8::1"), "example.net", spf, dkim, day)!);

        string path = sink.PathFor(day);
        Assert.EndsWith("2026-12-04.jsonl", path);
        string[] lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        using var row = JsonDocument.Parse(lines[0]);
        JsonElement root = row.RootElement;
        Assert.Equal("192.0.2.7", root.GetProperty("sourceIp").GetString());
        Assert.Equal("news.example.com", root.GetProperty("headerFrom").GetString());
        Assert.Equal("example.net", root.GetProperty("envelopeFrom").GetString());
        Assert.Equal("example.com", root.GetProperty("policyPublished").GetProperty("domain").GetString());
        Assert.Equal("s", root.GetProperty("policyPublished").GetProperty("adkim").GetString());
        Assert.Equal("quarantine", root.GetProperty("policyPublished").GetProperty("sp").GetString());
        Assert.Equal(50, root.GetProperty("policyPublished").GetProperty("pct").GetInt32());
        Assert.Equal("none", root.GetProperty("policyEvaluated").GetProperty("disposition").GetString());
        Assert.Equal("sampled_out", root.GetProperty("policyEvaluated").GetProperty("reason").GetString());
        Assert.Equal("softfail", root.GetProperty("authResults").GetProperty("spf").GetProperty("result").GetString());
        Assert.Equal("s1", root.GetProperty("authResults").GetProperty("dkim")[0].GetProperty("selector").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("2001:db8::1", second.RootElement.GetProperty("sourceIp").GetString());
    }
}
