namespace Mla.Tenants.Authorities;

/// <summary>
/// One rotation of a seed's CA from generation <paramref name="FromGeneration"/> to <paramref name="ToGeneration"/>,
/// with its progress: how many Ready tenants the seed has and how many already hold a certificate of the new CA.
/// </summary>
public sealed record CaRotationRecord(
    string Id,
    string Seed,
    int FromGeneration,
    int ToGeneration,
    CaRotationState State,
    int TenantsTotal,
    int TenantsReissued,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DrainAfter = null,
    DateTimeOffset? FinishedAt = null)
{
    public bool Running => State != CaRotationState.Completed;
}
