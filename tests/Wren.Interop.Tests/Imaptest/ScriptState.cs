namespace Wren.Interop.Tests.Imaptest;

/// <summary>The <c>state:</c> a script starts in; each state does the work of the ones before it.</summary>
public enum ScriptState
{
    /// <summary>Connected, not logged in; nothing is deleted.</summary>
    NonAuth,
    /// <summary>Logged in, and every mailbox whose name starts with the test mailbox's is deleted and unsubscribed.</summary>
    Auth,
    /// <summary>The test mailbox is created.</summary>
    Created,
    /// <summary>The <c>messages:</c> count of the mbox's messages is APPENDed.</summary>
    Appended,
    /// <summary>Every connection has the test mailbox SELECTed (the default).</summary>
    Selected,
}
