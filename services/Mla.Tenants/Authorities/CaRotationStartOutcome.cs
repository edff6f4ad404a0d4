namespace Mla.Tenants.Authorities;

public enum CaRotationStartOutcome
{
    Started,
    AlreadyRunning,
    UnknownSeed,
}
