namespace Wren.Store.Sqlite;

/// <summary>
/// Work for the one writer (<see cref="GroupCommitWriter"/>): a message to commit (<see cref="PendingCommit"/>),
/// a queue update (<see cref="PendingQueueUpdate"/>) or a mailbox operation (<see cref="PendingOperation"/>:
/// STORE, COPY, MOVE, EXPUNGE, CREATE…). One queue keeps them all in commit order.
/// </summary>
internal abstract class WriterJob;
