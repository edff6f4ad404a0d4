namespace Mla.Hosting.Access;

/// <summary>
/// The roles of the admin API. <c>viewer</c> reads; <c>operator</c> acts (resync, replay, rollouts, CA rotation) and
/// reads; <c>internal</c> is for MLA's own services (credentials endpoints) and reads. A route names the one role it
/// needs; a caller holds a role and everything it implies.
/// </summary>
public static class MlaRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Internal = "internal";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Internal];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>The roles a caller holding <paramref name="role"/> has: itself, plus viewer for operator and internal.</summary>
    public static IReadOnlyList<string> Implied(string role) => role == Viewer ? [Viewer] : [role, Viewer];
}
