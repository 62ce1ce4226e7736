using System.IO.Pipelines;
using System.Text;
using Wren.Imap.Protocol;

namespace Wren.Imap.Tests.Protocol;

/// <summary>What a reader produced from some input: results in order, and the APPEND messages it streamed.</summary>
internal sealed record ReadOutcome(List<ImapReadResult> Results, List<byte[]> Messages)
{
    public ImapCommand Command(int index) => Results[index].Command ?? throw new Xunit.Sdk.XunitException($"Result {index} is {Results[index]}");

    public ImapCommandError Error(int index) => Results[index].Error ?? throw new Xunit.Sdk.XunitException($"Result {index} is {Results[index]}");
}

/// <summary>Helpers that put bytes on a pipe and read them back as commands.</summary>
internal static class Wire
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Parses one command line (CRLF added) with the parser alone.</summary>
    public static ImapCommand Parse(string line, ImapParseOptions? options = null) =>
        ImapCommandParser.Parse(Bytes(line + "\r\n"), options);

    public static T Parse<T>(string line, ImapParseOptions? options = null)
        where T : ImapCommand
    {
        ImapCommand command = Parse(line, options);
        return Assert.IsType<T>(command);
    }

    /// <summary>The parse error for one command line.</summary>
    public static ImapParseException ParseError(string line, ImapParseOptions? options = null) =>
        Assert.Throws<ImapParseException>(() => Parse(line, options));

    /// <summary>Reads every command of <paramref name="input"/>, delivered in one piece.</summary>
    public static Task<ReadOutcome> ReadAllAsync(string input, ImapLimits? limits = null, TestHost? host = null) =>
        ReadAllAsync(Bytes(input), [Bytes(input).Length], limits, host);

    /// <summary>Reads every command of <paramref name="input"/>, delivered in the given chunks, one per wait.</summary>
    public static Task<ReadOutcome> ReadAllAsync(byte[] input, IEnumerable<int> chunks, ImapLimits? limits = null, TestHost? host = null) =>
        ReadAllAsync(new ChunkedPipeReader(input, chunks), limits, host);

    /// <summary>Reads every command from <paramref name="input"/>, streaming APPEND messages as a session would.</summary>
    public static async Task<ReadOutcome> ReadAllAsync(PipeReader input, ImapLimits? limits = null, TestHost? host = null)
    {
        var reader = new ImapCommandReader(input, host ?? new TestHost(), limits);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var outcome = new ReadOutcome([], []);
        while (true)
        {
            ImapReadResult result = await reader.ReadCommandAsync(cts.Token);
            if (result.IsEndOfInput)
                return outcome;
            outcome.Results.Add(result);
            if (result.Command is AppendCommand)
            {
                Stream message = await reader.OpenAppendMessageAsync(cts.Token);
                var copy = new MemoryStream();
                await message.CopyToAsync(copy, 7, cts.Token);
                outcome.Messages.Add(copy.ToArray());
                ImapCommandError? error = await reader.CompleteAppendAsync(cts.Token);
                if (error is not null)
                    outcome.Results.Add(ImapReadResult.FromError(error));
            }
        }
    }

    /// <summary>A real pipe with a writer that writes <paramref name="input"/> in random chunks.</summary>
    public static async Task<ReadOutcome> ReadAllFromPipeAsync(byte[] input, int seed, ImapLimits? limits = null)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        var random = new Random(seed);
        Task writer = Task.Run(async () =>
        {
            int offset = 0;
            while (offset < input.Length)
            {
                int size = Math.Min(random.Next(1, 64), input.Length - offset);
                await pipe.Writer.WriteAsync(input.AsMemory(offset, size));
                offset += size;
                if (random.Next(3) == 0)
                    await Task.Yield();
            }
            await pipe.Writer.CompleteAsync();
        });
        ReadOutcome outcome = await ReadAllAsync(pipe.Reader, limits);
        await writer;
        return outcome;
    }
}
