using Wren.Mail.Envelopes;

namespace Wren.Smtp.Server;

/// <summary>The mail transaction in progress between MAIL and the end of data (RFC 5321 §3.3).</summary>
internal sealed class SmtpTransaction
{
    public required Envelope Envelope { get; set; }

    public List<EnvelopeRecipient> Recipients { get; } = [];

    /// <summary>RCPT commands tried, accepted or not (RFC 2920 §3.1: DATA with none accepted gets 554).</summary>
    public int RecipientAttempts { get; set; }

    /// <summary>The message being received by BDAT chunks, from the first chunk to LAST.</summary>
    public IncomingMessage? ChunkedMessage { get; set; }

    /// <summary>The stream BDAT chunks are written to (the message, or a header completer in front of it).</summary>
    public Stream? ChunkTarget { get; set; }

    /// <summary>Bytes received by BDAT so far.</summary>
    public long ChunkedLength { get; set; }

    /// <summary>The envelope with the accepted recipients.</summary>
    public Envelope CompleteEnvelope() => Envelope with { Recipients = Recipients.ToArray() };

    public async ValueTask AbandonAsync()
    {
        if (ChunkedMessage is not null)
            await ChunkedMessage.DisposeAsync();
        ChunkedMessage = null;
        ChunkTarget = null;
    }
}
