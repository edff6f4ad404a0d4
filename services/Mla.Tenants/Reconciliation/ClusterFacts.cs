namespace Mla.Tenants.Reconciliation;

/// <summary>What a cluster event says about a tenant: where it lives and whether MLA (monitoring or logging) is on.</summary>
public sealed record ClusterFacts(string Seed, string ProjectId, bool MlaEnabled);
