namespace Wren.Store.Sqlite;

/// <summary>
/// Work for the one writer (<see cref="GroupCommitWriter"/>): a message to commit (<see cref="PendingCommit"/>),
/// a queue update (<see cref="PendingQueueUpdate"/>) or messages to expunge (<see cref="PendingExpunge"/>).
/// One queue keeps them all in commit order.
/// </summary>
internal abstract class WriterJob;
