namespace Mla.Webhooks.KkpWatch;

/// <summary>Look at the finalizers of clusters waiting on the cleanup barrier: all of them, or the one named.</summary>
public sealed record FinalizerCheckDue(string? ClusterId) : SeedChange;
