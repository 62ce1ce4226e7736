using Wren.Imap.Protocol;

namespace Wren.Imap.Server;

// RFC 4978 COMPRESS=DEFLATE: after the tagged OK, both directions are raw DEFLATE for the rest of the
// connection. It costs memory per connection (zlib's state), which is why it is the client's choice.
public sealed partial class ImapSession
{
    private async Task CompressAsync(CompressCommand command)
    {
        if (command.Algorithm != "DEFLATE")
        {
            // RFC 4978 §3: an unknown algorithm is a protocol error.
            _out.Tagged(command.Tag, ImapCondition.Bad, null, $"Unknown compression algorithm {command.Algorithm}");
            return;
        }
        if (_connection.IsCompressed)
        {
            _out.Tagged(command.Tag, ImapCondition.No, "COMPRESSIONACTIVE", "DEFLATE is active already");
            return;
        }
        _out.Tagged(command.Tag, ImapCondition.Ok, null, "DEFLATE active");
        await FlushOutputAsync();
        await _connection.StartCompressionAsync();
        _reader = new ImapCommandReader(_connection.Input, this, _limits) { Options = _reader.Options, Utf8MailboxNames = _reader.Utf8MailboxNames };
    }
}
