namespace Mla.Contracts.Alertmanager;

/// <summary>Desired Alertmanager configuration of one user cluster (tenant).</summary>
public sealed record AlertmanagerConfigState(string ClusterId, string Yaml);
