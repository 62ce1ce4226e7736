using System.Text.Json;
using System.Text.Json.Serialization;
using Wren.Mail.Addresses;

namespace Wren.Store.Sqlite;

/// <summary>Stores an <see cref="EmailAddress"/> as its text form <c>local@domain</c> and parses it back.</summary>
internal sealed class EmailAddressJsonConverter : JsonConverter<EmailAddress>
{
    public override EmailAddress? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        if (text is null)
            return null;
        return EmailAddress.TryParse(text, out var address) ? address : throw new JsonException($"'{text}' is not a valid address.");
    }

    public override void Write(Utf8JsonWriter writer, EmailAddress value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
