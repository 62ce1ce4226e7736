using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 9051 §6.3.13 / RFC 2177 IDLE: the client waits, the server tells it of changes as they happen (driven
// by the store's change feed, never by polling) until the client sends DONE.
public sealed partial class ImapSession
{
    // Output is flushed from two places while idling: this loop (announcements) and the command reader (before
    // it waits for the rest of a DONE line). The lock keeps them from using the connection's writer at once.
    private readonly SemaphoreSlim _outputLock = new(1, 1);

    private async Task IdleAsync(IdleCommand command)
    {
        _out.Continuation("idling");
        AnnounceChanges(expungesAllowed: true);
        await FlushOutputAsync();
        // The reader starts the autologout timer when it waits (RFC 9051 §5.4 applies while idling too:
        // clients re-issue IDLE well within 30 minutes, RFC 2177 §3).
        Task<ImapIdleEnd> end = _reader.ReadIdleDoneAsync(Token).AsTask();
        try
        {
            while (!end.IsCompleted)
            {
                Task changed = _selected?.Changed ?? Task.Delay(Timeout.Infinite, Token);
                if (await Task.WhenAny(end, changed) != changed)
                    break;
                await _outputLock.WaitAsync(Token);
                try
                {
                    AnnounceChanges(expungesAllowed: true);
                    await FlushOutputAsync();
                }
                finally
                {
                    _outputLock.Release();
                }
            }
        }
        finally
        {
            StopAutologoutTimer();
        }
        switch (await end)
        {
            case ImapIdleEnd.Done:
                CompleteOk(command, null, "IDLE terminated");
                break;
            case ImapIdleEnd.Invalid:
                _out.Tagged(command.Tag, ImapCondition.Bad, null, "Expected DONE to end IDLE");
                break;
            default:
                // The client went away; the session loop sees the end of input next.
                break;
        }
    }
}
