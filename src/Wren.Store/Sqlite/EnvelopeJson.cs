using System.Text.Json;
using System.Text.Json.Serialization;
using Wren.Mail.Envelopes;

namespace Wren.Store.Sqlite;

/// <summary>
/// The queue keeps each message's <see cref="Envelope"/> as JSON, with everything the relay must honour:
/// BODY (RFC 6152), SMTPUTF8 (RFC 6531) and the DSN parameters RET, ENVID, NOTIFY, ORCPT (RFC 3461).
/// </summary>
internal static class EnvelopeJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new EmailAddressJsonConverter(), new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(Envelope envelope) => JsonSerializer.Serialize(envelope, Options);

    public static Envelope Deserialize(string json) =>
        JsonSerializer.Deserialize<Envelope>(json, Options) ?? throw new JsonException("The stored envelope is null.");
}
