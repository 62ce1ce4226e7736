using Wren.Store.Messages;

namespace Wren.Store.Blobs;

/// <summary>
/// The store's <see cref="MessageSpool"/>: content in memory up to a threshold, then in a blob file (see
/// <see cref="SpillStream"/>). The file is created at its final place, so committing it moves nothing: the
/// commit only references it. Disposing a spool that was not committed deletes the file.
/// </summary>
internal sealed class SpillingSpool : MessageSpool
{
    private enum State { Open, InFlight, Committed, Disposed }

    private readonly SpillStream stream;
    private readonly BlobDirectory directory;
    private readonly Lock stateLock = new();
    private State state;
    private TaskCompletionSource? commitDone;

    public SpillingSpool(object owner, BlobDirectory directory, int threshold)
    {
        Owner = owner;
        this.directory = directory;
        stream = new SpillStream(directory, threshold);
    }

    /// <summary>The store that created this spool; a spool can only be committed there.</summary>
    public object Owner { get; }

    /// <inheritdoc />
    public override Stream Content => stream;

    /// <inheritdoc />
    public override long Length => stream.BytesWritten;

    /// <inheritdoc />
    public override Stream OpenRead() => stream.OpenRead();

    /// <summary>The internal stream, for the committing side.</summary>
    public SpillStream Data => stream;

    /// <summary>
    /// Marks the spool as handed to a commit: its content is frozen and disposing waits for the outcome.
    /// Throws when it is disposed, committed, or already being committed.
    /// </summary>
    public void BeginCommit()
    {
        lock (stateLock)
        {
            switch (state)
            {
                case State.Disposed:
                    throw new ObjectDisposedException(nameof(MessageSpool));
                case State.Committed:
                    throw new InvalidOperationException("This message is already committed.");
                case State.InFlight:
                    throw new InvalidOperationException("This message is already being committed.");
            }
            state = State.InFlight;
            commitDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            stream.IsSealed = true;
        }
    }

    /// <summary>Ends the commit begun by <see cref="BeginCommit"/>: committed for good, or open again after a failure.</summary>
    public void EndCommit(bool committed)
    {
        TaskCompletionSource? done;
        lock (stateLock)
        {
            if (state != State.InFlight)
                return;
            state = committed ? State.Committed : State.Open;
            stream.IsSealed = committed;
            done = commitDone;
            commitDone = null;
        }
        done?.TrySetResult();
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        State previous;
        while (true)
        {
            Task? wait = null;
            lock (stateLock)
            {
                previous = state;
                if (previous == State.Disposed)
                    return;
                if (previous == State.InFlight)
                    wait = commitDone!.Task;
                else
                    state = State.Disposed;
            }
            if (wait is null)
                break;
            // The writer owns the content until the commit ends; only then is it known whether the file stays.
            await wait.ConfigureAwait(false);
        }
        BlobFile? file = stream.File;
        await stream.DisposeAsync().ConfigureAwait(false);
        if (previous != State.Committed && file is not null)
            directory.Delete(file.RelativePath);
    }
}
