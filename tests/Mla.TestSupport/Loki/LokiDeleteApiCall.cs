namespace Mla.TestSupport.Loki;

/// <summary>One call of <see cref="LokiPushFake"/>'s delete API: method, raw query string (with its "?") and <c>X-Scope-OrgID</c> (null without it).</summary>
public sealed record LokiDeleteApiCall(string Method, string Query, string? OrgId);
