namespace Wren.MailAuth.Dkim;

/// <summary>No usable DKIM key (thrown only through MimeKit's <c>IDkimPublicKeyLocator</c>, which cannot return a reason).</summary>
public sealed class DkimKeyException : Exception
{
    /// <summary>A failure with its verdict and reason.</summary>
    public DkimKeyException(DkimVerdict verdict, string reason) : base(reason) => Verdict = verdict;

    /// <summary>An unspecified failure (PermError).</summary>
    public DkimKeyException() : this(DkimVerdict.PermError, "no usable DKIM key") { }

    /// <summary>A PermError with this reason.</summary>
    public DkimKeyException(string message) : this(DkimVerdict.PermError, message) { }

    /// <summary>A PermError with this reason and cause.</summary>
    public DkimKeyException(string message, Exception innerException) : base(message, innerException) => Verdict = DkimVerdict.PermError;

    /// <summary><see cref="DkimVerdict.PermError"/> or <see cref="DkimVerdict.TempError"/>.</summary>
    public DkimVerdict Verdict { get; }
}
