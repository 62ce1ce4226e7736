using System.Globalization;

namespace Wren.Bench.Outbound;

/// <summary>The lines <c>Wren.Bench outbound</c> prints.</summary>
internal static class OutboundReport
{
    public static string Header(OutboundLoadOptions options, Wren.Delivery.Outbound.DeliveryOptions delivery) => string.Create(CultureInfo.InvariantCulture,
        $"outbound to {OutboundLoadOptions.Domain} (MX {OutboundLoadOptions.MxHost} = {options.SinkHost}:{options.SinkPort}): "
        + $"{options.Messages} messages of {options.Size} bytes, {options.Recipients} recipient(s) each, "
        + $"{delivery.MaxConnectionsPerDomain} connections, {delivery.MaxMessagesPerConnection} messages per connection, "
        + $"{delivery.MaxConcurrentMessages} in delivery at most");

    public static string Queued(OutboundFigures f, string folder) => string.Create(CultureInfo.InvariantCulture,
        $"queued      {f.Queued} messages in {f.FillTime.TotalSeconds:0.000} s ({f.Queued / f.FillTime.TotalSeconds:0} msgs/s, group commit) in {folder}");

    public static void Write(TextWriter output, OutboundFigures f, OutboundLoadOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        double seconds = f.Elapsed.TotalSeconds;
        int expected = f.Queued * options.Recipients;
        output.WriteLine(string.Create(c,
            $"messages/s  {f.EntriesRemoved / seconds:0.0}   ({f.EntriesRemoved} messages, {f.Delivered} recipients delivered in {seconds:0.000} s{(f.TimedOut ? ", TIMED OUT" : "")})"));
        output.WriteLine(string.Create(c,
            $"recipients  delivered {f.Delivered}  deferred {f.Deferred}  failed {f.Failed}"));
        foreach (string problem in f.Problems)
            output.WriteLine($"            {problem}");
        output.WriteLine(string.Create(c,
            $"sessions    {f.Sessions} ({f.Jobs / (double)Math.Max(1, f.Sessions):0.0} messages per connection, at most {f.MaxOpenSessions} open at once); "
            + $"{f.DnsLookups} DNS lookups ({f.DnsLookups / (double)Math.Max(1, f.Jobs):0.000} per message)"));
        var p = f.Process;
        string cpu = p.Cpu is { } t ? string.Create(c, $"CPU {t.TotalSeconds:0.00} s ({t.TotalMilliseconds / Math.Max(1, f.EntriesRemoved):0.000} ms/msg)") : "CPU ?";
        output.WriteLine(string.Create(c,
            $"process     pid {p.Pid}: {cpu}, peak VmHWM {Mib(p.PeakMiB)}, RSS {Mib(p.RssStartMiB)} at start, {Mib(p.RssMaxMiB)} max, {Mib(p.RssEndMiB)} at end"));
        output.WriteLine(string.Create(c,
            $"managed     {f.AllocatedBytes / 1048576.0:0.0} MiB allocated ({f.AllocatedBytes / (double)Math.Max(1, f.EntriesRemoved) / 1024:0.0} KiB/msg), GC {f.Collections.Gen0}/{f.Collections.Gen1}/{f.Collections.Gen2} (gen 0/1/2)"));
        foreach (CallStatistics calls in f.Profile)
            output.WriteLine($"profile     {calls}");
        bool ok = f.NothingLost(expected);
        output.WriteLine(string.Create(c,
            $"verified    {(ok ? "OK" : "FAILED")}: {f.EntriesLeft} entries and {f.RecipientsPending} pending recipients left in the queue; "
            + $"{f.Delivered} of {expected} recipients delivered, {f.EntriesRemoved} of {f.Queued} messages removed"));
    }

    private static string Mib(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.0} MiB") : "?";
}
