using Xunit;

namespace Mla.TestSupport.RabbitMq;

/// <summary>
/// A fact about the broker's management HTTP API: skipped, with the reason, when the shared broker comes from
/// <c>MLA_TEST_RABBITMQ</c> without <c>MLA_TEST_RABBITMQ_MANAGEMENT</c> (there is no API to ask then). Decided
/// from the environment when the tests are discovered, so the run reports it as skipped, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RabbitMqManagementFactAttribute : FactAttribute
{
    public RabbitMqManagementFactAttribute()
    {
        if (EnvironmentRabbitMq.LacksManagementApi)
        {
            Skip = $"{EnvironmentRabbitMq.Variable} names the broker and {EnvironmentRabbitMq.ManagementVariable} is not set: no management API to check.";
        }
    }
}
