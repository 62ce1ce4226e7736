using MailKit.Security;
using Wren.Net.Sasl;

namespace Wren.Net.Tests.Sasl;

/// <summary>Runs a MailKit client mechanism against a Wren server mechanism, as a protocol session would.</summary>
internal static class MailKitDriver
{
    public static async Task<SaslStep> RunAsync(SaslMechanism client, ISaslMechanism server)
    {
        var ct = CancellationToken.None;
        byte[]? response = client.SupportsInitialResponse
            ? Convert.FromBase64String(await client.ChallengeAsync(null, ct))
            : null;

        for (var round = 0; round < 10; round++)
        {
            var step = await server.StepAsync(response, ct);
            if (step.Status != SaslStatus.Continue)
            {
                return step;
            }

            response = Convert.FromBase64String(await client.ChallengeAsync(Convert.ToBase64String(step.Challenge!), ct));
        }

        throw new InvalidOperationException("The exchange did not finish.");
    }
}
