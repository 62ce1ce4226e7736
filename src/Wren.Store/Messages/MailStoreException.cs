namespace Wren.Store.Messages;

/// <summary>
/// A mail store operation that breaks a rule (a delivery to a mailbox that does not exist…); the message
/// says which. Only the offending commit fails; other messages committed in the same batch are stored.
/// </summary>
public sealed class MailStoreException(string message) : Exception(message);
