namespace Mla.Contracts.Users;

/// <summary>A KKP user as MLA needs it: <see cref="IsAdmin"/> (KKP's <c>spec.isAdmin</c>) makes it a Grafana server admin and Editor in every project org.</summary>
public sealed record UserState(string Id, string Email, bool IsAdmin);
