using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wren.Cli.Commands.DnsCheck;

/// <summary>
/// The <c>--json</c> output of <c>wren dns check</c>: one object, camelCase names, written by hand so that the names
/// are a fixed contract. Statuses are <c>ok</c>, <c>warn</c>, <c>fail</c>, <c>error</c>.
/// </summary>
public static class DnsCheckJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // TXT records are shown as published (quotes, '+', '<'): readable, and this output is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/>, followed by a newline.</summary>
    public static async Task WriteAsync(DnsCheckReport report, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        await using (var writer = new Utf8JsonWriter(output, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("domain", report.Domain);
            writer.WriteString("hostname", report.Hostname);
            writer.WriteStartArray("publicAddresses");
            foreach (var address in report.PublicAddresses)
                writer.WriteStringValue(address.ToString());
            writer.WriteEndArray();
            writer.WriteString("publicAddressSource", report.PublicAddressConfigured ? "PublicAddress" : "Hostname");
            writer.WriteString("status", report.Status.Json());
            writer.WriteStartObject("counts");
            foreach (DnsCheckStatus status in Enum.GetValues<DnsCheckStatus>())
                writer.WriteNumber(status.Json(), report.Count(status));
            writer.WriteEndObject();
            writer.WriteStartArray("checks");
            foreach (DnsCheckResult result in report.Results)
            {
                writer.WriteStartObject();
                writer.WriteString("check", result.Check);
                writer.WriteString("name", result.Name);
                writer.WriteString("status", result.Status.Json());
                writer.WriteString("summary", result.Summary);
                Array(writer, "published", result.Published);
                writer.WriteString("expected", result.Expected);
                Array(writer, "publish", result.Publish);
                Array(writer, "notes", result.Notes);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
        }
        output.Write("\n"u8);
        await output.FlushAsync(cancellationToken);
    }

    private static void Array(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
