using Wren.Delivery.Outbound.TlsPolicy;

namespace Wren.Delivery.Tests.TlsPolicy;

public sealed class MtaStsRecordTests
{
    [Theory]
    [InlineData("v=STSv1; id=20160831085700Z;", "20160831085700Z")]
    [InlineData("v=STSv1;id=abc123", "abc123")]
    [InlineData("v=STSv1 ; id=abc ; ext_1=va:lue", "abc")]
    public void Valid_records_give_their_id(string text, string id)
    {
        Assert.Equal(id, MtaStsRecord.Parse(text)?.Id);
    }

    [Theory]
    [InlineData("v=STSv1;")]                            // no id
    [InlineData("v=STSv1")]                             // no field at all
    [InlineData("v=STSv1; id=")]                        // empty id
    [InlineData("v=STSv1; id=abc-def")]                 // id is ALPHA / DIGIT only
    [InlineData("v=STSv1; id=123456789012345678901234567890123")] // 33 characters
    [InlineData("v=STSv1; id=a; id=b")]                 // two ids
    [InlineData("v=STSv1; id=a;; x=y")]                 // empty field in the middle
    [InlineData("v=STSv2; id=a")]
    [InlineData("V=STSv1; id=a")]
    [InlineData("v=STSv10; id=a")]
    [InlineData("v=STSv1; id=a; bad ext=1")]
    public void Invalid_records_give_none(string text)
    {
        Assert.Null(MtaStsRecord.Parse(text));
    }

    [Fact]
    public void Other_txt_records_are_discarded_but_two_sts_records_mean_none()
    {
        Assert.Equal("one", MtaStsRecord.Select(["some other text", "v=spf1 -all", "v=STSv1; id=one"])?.Id);
        Assert.Null(MtaStsRecord.Select(["v=STSv1; id=one", "v=STSv1; id=two"]));
        Assert.Null(MtaStsRecord.Select(["v=STSv1; id=one", "v=STSv1; broken"]));
        Assert.Null(MtaStsRecord.Select([]));
    }
}
