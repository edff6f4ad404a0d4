namespace Mla.Tenants.Authorities;

/// <summary>What a rotation request came to: started, refused because one runs (<see cref="Rotation"/> is that one), or an unknown seed.</summary>
public sealed record CaRotationStart(CaRotationStartOutcome Outcome, CaRotationRecord? Rotation)
{
    public static CaRotationStart UnknownSeed { get; } = new(CaRotationStartOutcome.UnknownSeed, null);

    public static CaRotationStart Started(CaRotationRecord rotation) => new(CaRotationStartOutcome.Started, rotation);

    public static CaRotationStart AlreadyRunning(CaRotationRecord rotation) => new(CaRotationStartOutcome.AlreadyRunning, rotation);
}
