namespace Mla.Contracts.Tenants;

/// <summary>
/// One store's part of a purge: <paramref name="Store"/> is its configured name, <paramref name="Kind"/> its API
/// (victoriametrics, mimir, cortex, loki), <paramref name="Signal"/> metrics or logs. <paramref name="Verified"/> says
/// the store confirmed nothing of the tenant is left; <paramref name="Detail"/> says how, or why not.
/// </summary>
public sealed record StorePurge(string Store, string Kind, string Signal, bool Verified, string Detail, DateTimeOffset At);
