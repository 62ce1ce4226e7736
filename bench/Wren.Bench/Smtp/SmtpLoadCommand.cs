using System.Net.Sockets;

namespace Wren.Bench.Smtp;

/// <summary><c>Wren.Bench smtp</c>: runs the load, samples the server, prints the report.</summary>
internal static class SmtpLoadCommand
{
    /// <summary>Runs one load; returns 0 when every message was accepted, 1 when some failed or the run could not start.</summary>
    public static async Task<int> RunAsync(SmtpLoadOptions options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        SmtpLoadRun run;
        try
        {
            run = await SmtpLoadRun.CreateAsync(options, cancellationToken);
        }
        catch (SocketException e)
        {
            await errors.WriteLineAsync($"Wren.Bench smtp: cannot resolve {options.Host}: {e.Message}");
            return 1;
        }

        ServerProcessSampler? sampler = null;
        if (options.ServerPid is int pid)
        {
            sampler = ServerProcessSampler.Start(pid, out string? error);
            if (sampler is null)
            {
                await errors.WriteLineAsync($"Wren.Bench smtp: {error}");
                return 1;
            }
        }

        await using (sampler)
        {
            await output.WriteLineAsync(LoadReport.Header(options, run.MessageSize));
            (LoadStatistics statistics, TimeSpan elapsed) = await run.RunAsync(cancellationToken);
            ServerProcessFigures? server = sampler is null ? null : await sampler.StopAsync();
            LoadReport.Write(output, statistics, elapsed, server, cancellationToken.IsCancellationRequested);
            return statistics.Failed == 0 && statistics.Accepted == options.Messages ? 0 : 1;
        }
    }
}
