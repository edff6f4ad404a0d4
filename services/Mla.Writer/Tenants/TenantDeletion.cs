namespace Mla.Writer.Tenants;

/// <summary>
/// What the writer knows of one tenant's deletion. <paramref name="IsDeleted"/>: Deprovisioning or Deleted as of
/// <paramref name="ObservedAt"/> (the event's OccurredAt or the listing's AsOf). <paramref name="DeletedUntil"/>: the
/// latest time the tenant is known to have been deprovisioning or deleted (null: never seen so); records produced
/// before it belong to a deleted life of the tenant, even once it is provisioned again.
/// </summary>
public sealed record TenantDeletion(bool IsDeleted, DateTimeOffset? DeletedUntil, DateTimeOffset ObservedAt)
{
    /// <summary>Whether a record of this tenant with Kafka timestamp <paramref name="recordTime"/> must not be written.</summary>
    public bool Drops(DateTimeOffset recordTime) => IsDeleted || (DeletedUntil is { } until && recordTime < until);

    /// <summary>
    /// This entry after an observation: the deleted flag follows the newer observation only (events and listings
    /// arrive out of order), while the cut-off only moves forward whatever the order, since every observation of a
    /// deleted tenant is a fact about its past.
    /// </summary>
    public TenantDeletion With(bool isDeleted, DateTimeOffset? deletedUntil, DateTimeOffset observedAt)
    {
        var until = Latest(DeletedUntil, deletedUntil);
        return observedAt > ObservedAt
            ? new TenantDeletion(isDeleted, until, observedAt)
            : this with { DeletedUntil = until };
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
