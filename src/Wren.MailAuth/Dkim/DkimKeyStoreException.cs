namespace Wren.MailAuth.Dkim;

/// <summary>A key store request that cannot be done: the key exists already, a name is invalid, a file is not a key.</summary>
public sealed class DkimKeyStoreException : Exception
{
    /// <summary>A failure with no detail.</summary>
    public DkimKeyStoreException() : base("DKIM key store error") { }

    /// <summary>A failure saying why.</summary>
    public DkimKeyStoreException(string message) : base(message) { }

    /// <summary>A failure saying why, with its cause.</summary>
    public DkimKeyStoreException(string message, Exception innerException) : base(message, innerException) { }
}
