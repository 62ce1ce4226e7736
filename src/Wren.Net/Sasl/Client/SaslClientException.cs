namespace Wren.Net.Sasl.Client;

/// <summary>The server's side of a SASL exchange is malformed or untrustworthy (for SCRAM: a wrong server signature).</summary>
public sealed class SaslClientException : Exception
{
    /// <summary>Creates the exception with a message a person can read.</summary>
    public SaslClientException(string message)
        : base(message)
    {
    }
}
