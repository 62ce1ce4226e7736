namespace Wren.MailAuth.Spf;

/// <summary>
/// Ends a check_host() evaluation at any depth with temperror or permerror (RFC 7208 §4.6.4, §5, §5.2: these results
/// of an inner check end the outer one too). Thrown and caught inside <see cref="SpfEvaluation"/> only.
/// </summary>
internal sealed class SpfAbortException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpfAbortException(SpfVerdict verdict, string problem) : base(problem) => Verdict = verdict;

    /// <summary>Creates an exception without a verdict (for serializers and analyzers); it means permerror.</summary>
    public SpfAbortException() : this(SpfVerdict.PermError, "permerror") { }

    /// <summary>Creates an exception without a verdict (for serializers and analyzers); it means permerror.</summary>
    public SpfAbortException(string message) : this(SpfVerdict.PermError, message) { }

    /// <summary>Creates an exception without a verdict (for serializers and analyzers); it means permerror.</summary>
    public SpfAbortException(string message, Exception innerException) : base(message, innerException) => Verdict = SpfVerdict.PermError;

    /// <summary><see cref="SpfVerdict.TempError"/> or <see cref="SpfVerdict.PermError"/>.</summary>
    public SpfVerdict Verdict { get; }
}
