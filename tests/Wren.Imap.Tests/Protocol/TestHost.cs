using Wren.Imap.Protocol;

namespace Wren.Imap.Tests.Protocol;

/// <summary>Records what the reader asks of the session's output side.</summary>
internal sealed class TestHost : IImapReaderHost
{
    public int Continuations { get; private set; }

    public int Flushes { get; private set; }

    /// <summary>Called on each continuation request (e.g. to feed the literal only then).</summary>
    public Func<ValueTask>? OnContinuation { get; set; }

    public async ValueTask SendContinuationAsync(CancellationToken cancellationToken)
    {
        Continuations++;
        if (OnContinuation is not null)
            await OnContinuation();
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Flushes++;
        return ValueTask.CompletedTask;
    }
}
