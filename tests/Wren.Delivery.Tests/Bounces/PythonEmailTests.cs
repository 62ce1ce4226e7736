using System.Diagnostics;
using System.Text.Json;
using Wren.Delivery.Bounces;
using Wren.Mail.Envelopes;
using static Wren.Delivery.Tests.Bounces.DsnSamples;

namespace Wren.Delivery.Tests.Bounces;

/// <summary>
/// Reads the built notifications with an independent parser, Python's <c>email</c> package (stdlib), so
/// the tests do not only check that MimeKit understands what MimeKit wrote.
/// </summary>
public sealed class PythonEmailTests : IDisposable
{
    // Parses the file named in argv[1] and prints what a DSN reader needs as JSON: the top-level headers,
    // the part types, and every group of the delivery-status part as a field -> value object.
    private const string Script = """
        import email, email.policy, json, sys
        with open(sys.argv[1], 'rb') as f:
            msg = email.message_from_bytes(f.read(), policy=email.policy.default)
        out = {k: str(msg[k]) for k in ('From', 'To', 'Subject', 'Auto-Submitted', 'In-Reply-To', 'References')}
        out['content_type'] = msg.get_content_type()
        out['report_type'] = msg.get_param('report-type')
        out['defects'] = [type(d).__name__ for d in msg.defects]
        parts = msg.get_payload()
        out['parts'] = [p.get_content_type() for p in parts]
        out['text'] = parts[0].get_content()
        status = parts[1]
        payload = status.get_payload()
        if status.get_content_type() == 'message/delivery-status':
            # The email package splits message/delivery-status into its groups itself.
            groups = payload
        else:
            # Other message/* types are read as one embedded message: the first group is its header,
            # the remaining groups its body.
            first = payload[0]
            rest = first.get_payload(decode=True).decode('utf-8').replace('\r\n', '\n').strip('\n')
            groups = [first] + [email.message_from_string(g + '\n', policy=email.policy.default) for g in rest.split('\n\n') if g]
        out['groups'] = [{k: ' '.join(str(v).split()) for k, v in g.items()} for g in groups]
        print(json.dumps(out))
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("wren-dsn-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Python_email_reads_the_failure_report()
    {
        var bob = Recipient("bob@remote.test", orcpt: new OriginalRecipient("rfc822", "Bob@Old.Example"));
        var until = Arrival.AddDays(5);
        var carol = Recipient("carol@far.test");
        var report = new DsnReport(Envelope(envid: "ENV-42", recipients: [bob, carol]), Arrival,
        [
            Failure(bob) with { DiagnosticCode = "550-5.1.1 no such user\r\n550 5.1.1 " + string.Join(' ', Enumerable.Repeat("please check the address", 5)) },
            new DsnRecipient(carol, DsnAction.Delayed, "4.4.1", "mx.far.test", "421 4.4.1 busy", Now, until),
        ]);

        JsonElement result = await ParseWithPythonAsync(report, OriginalText());

        Assert.Equal("multipart/report", result.GetProperty("content_type").GetString());
        Assert.Equal("delivery-status", result.GetProperty("report_type").GetString());
        Assert.Empty(result.GetProperty("defects").EnumerateArray());
        Assert.Equal(["text/plain", "message/delivery-status", "text/rfc822-headers"],
            result.GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("Mail Delivery System <MAILER-DAEMON@mx.wren.test>", result.GetProperty("From").GetString());
        Assert.Equal("alice@sender.test", result.GetProperty("To").GetString());
        Assert.Equal("auto-replied", result.GetProperty("Auto-Submitted").GetString());
        Assert.Equal("<orig-1@sender.test>", result.GetProperty("In-Reply-To").GetString());
        Assert.Contains("<carol@far.test>", result.GetProperty("text").GetString());

        var groups = result.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(3, groups.Count);
        Assert.Equal("ENV-42", groups[0].GetProperty("Original-Envelope-Id").GetString());
        Assert.Equal("dns; mx.wren.test", groups[0].GetProperty("Reporting-MTA").GetString());
        Assert.Equal("Mon, 09 Mar 2026 08:00:00 +0000", groups[0].GetProperty("Arrival-Date").GetString());
        Assert.Equal("rfc822; Bob@Old.Example", groups[1].GetProperty("Original-Recipient").GetString());
        Assert.Equal("rfc822; bob@remote.test", groups[1].GetProperty("Final-Recipient").GetString());
        Assert.Equal("failed", groups[1].GetProperty("Action").GetString());
        Assert.Equal("5.1.1", groups[1].GetProperty("Status").GetString());
        Assert.Equal("dns; mx.remote.test", groups[1].GetProperty("Remote-MTA").GetString());
        Assert.StartsWith("smtp; 550-5.1.1 no such user 550 5.1.1 please check the address please", groups[1].GetProperty("Diagnostic-Code").GetString());
        Assert.Equal("Mon, 09 Mar 2026 10:25:00 +0000", groups[1].GetProperty("Last-Attempt-Date").GetString());
        Assert.Equal("delayed", groups[2].GetProperty("Action").GetString());
        Assert.Equal("4.4.1", groups[2].GetProperty("Status").GetString());
        Assert.Equal("Sat, 14 Mar 2026 08:00:00 +0000", groups[2].GetProperty("Will-Retry-Until").GetString());
    }

    [Fact]
    public async Task Python_email_reads_the_global_report_of_an_smtputf8_message()
    {
        var jose = Recipient("josé@remote.test");
        var report = new DsnReport(Envelope(sender: "zoë@sender.test", smtpUtf8: true, ret: DsnReturn.Full, recipients: jose), Arrival, [Failure(jose)]);

        JsonElement result = await ParseWithPythonAsync(report, OriginalText(body: "Grüße\r\n"));

        Assert.Equal("global-delivery-status", result.GetProperty("report_type").GetString());
        Assert.Equal(["text/plain", "message/global-delivery-status", "message/global"],
            result.GetProperty("parts").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("zoë@sender.test", result.GetProperty("To").GetString());
        var groups = result.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal("dns; mx.wren.test", groups[0].GetProperty("Reporting-MTA").GetString());
        Assert.Equal("utf-8; josé@remote.test", groups[1].GetProperty("Final-Recipient").GetString());
        Assert.Equal("failed", groups[1].GetProperty("Action").GetString());
    }

    private async Task<JsonElement> ParseWithPythonAsync(DsnReport report, string original)
    {
        DsnMessage dsn = await Builder().BuildAsync(report, Stream(original));
        string path = Path.Combine(_folder, "dsn.eml");
        await using (var file = File.Create(path))
            await dsn.WriteToAsync(file);
        string script = Path.Combine(_folder, "read_dsn.py");
        await File.WriteAllTextAsync(script, Script);

        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        return JsonDocument.Parse(await stdout).RootElement;
    }
}
