using System.ComponentModel.DataAnnotations;

namespace Mla.Tenants.Authorities;

/// <summary>Section <c>Mla:Tenants:CaRotation</c>: how a seed CA rotation proceeds.</summary>
public sealed class CaRotationOptions
{
    /// <summary>
    /// After every tenant of the seed holds a certificate of the new CA, the old CA's certificates stay accepted this
    /// long — the time agents (the exporter's Secrets, the demo agents) have to fetch the new ones — and are revoked
    /// then; the old CA is retired once none of its certificates is accepted any more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often running rotations are moved on (a rotation request moves its own on at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
