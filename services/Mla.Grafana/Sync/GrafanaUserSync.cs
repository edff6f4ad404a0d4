using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mla.Grafana.Api;
using Mla.Grafana.Desired;

namespace Mla.Grafana.Sync;

/// <summary>
/// Users and memberships: an org's members added, re-roled and removed; users found or created (taken out of the main
/// org Grafana's auto-assign puts them in); the KKP admins' server-admin flag. Users looked up in a run are kept in the
/// run's <c>users</c> map (email → id and admin flag; id 0: unknown to Grafana, waiting for the first login).
/// </summary>
internal sealed class GrafanaUserSync(GrafanaApi api, GrafanaOptions options)
{
    /// <summary>Adds, re-roles and removes the org's members; returns the members left out because Grafana does not know them yet (auth proxy).</summary>
    public async Task<List<string>> SyncMembersAsync(long orgId, Dictionary<string, string> desired, Dictionary<string, (long Id, bool Admin)> users, CancellationToken cancellationToken)
    {
        var waiting = new List<string>();
        var (status, body) = await api.GetAsync($"api/orgs/{orgId}/users", null, cancellationToken);
        var current = (GrafanaAnswer.Expect(status, body, $"list users of org {orgId}") as JsonArray ?? [])
            .Select(u => (Id: u!["userId"]!.GetValue<long>(), Login: u["login"]?.GetValue<string>() ?? "", Email: u["email"]?.GetValue<string>() ?? "", Role: u["role"]?.GetValue<string>() ?? ""))
            .ToList();
        foreach (var (email, role) in desired)
        {
            var member = current.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Login, email, StringComparison.OrdinalIgnoreCase));
            if (member.Id != 0)
            {
                if (member.Role != role)
                {
                    var (patched, answer) = await api.WriteAsync(HttpMethod.Patch, $"api/orgs/{orgId}/users/{member.Id}", null, new JsonObject { ["role"] = role }, cancellationToken);
                    GrafanaAnswer.Expect(patched, answer, $"set the role of {email} in org {orgId}");
                }

                continue;
            }

            if (await EnsureUserAsync(email, users, cancellationToken) is not { } user)
            {
                waiting.Add(email);
                continue;
            }

            var (added, result) = await api.WriteAsync(HttpMethod.Post, $"api/orgs/{orgId}/users", null, new JsonObject { ["loginOrEmail"] = email, ["role"] = role }, cancellationToken);
            if (added != HttpStatusCode.Conflict)
            {
                GrafanaAnswer.Expect(added, result, $"add {email} to org {orgId}");
            }

            if (user.InMainOrg)
            {
                // Grafana's auto-assign put the user into the main org (KKP takes it out too): signed up by the auth
                // proxy, or created by an earlier run that Grafana's outage stopped before it took the user out.
                var (removed, answer) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/1/users/{user.Id}", null, null, cancellationToken);
                GrafanaAnswer.Expect(removed, answer, $"take {email} out of the main org");
            }
        }

        foreach (var stale in current.Where(u => !string.Equals(u.Login, options.AdminUser, StringComparison.Ordinal)
                     && !desired.ContainsKey(u.Email) && !desired.ContainsKey(u.Login)))
        {
            var (removed, answer) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/{orgId}/users/{stale.Id}", null, null, cancellationToken);
            GrafanaAnswer.Expect(removed, answer, $"remove user {stale.Id} from org {orgId}");
        }

        return waiting;
    }

    /// <summary>
    /// Finds the user, or creates it through the admin API (taken out of the main org that Grafana's auto-assign puts
    /// it in); with the auth proxy an unknown user is null (Grafana signs it up on its first login). A found user whose
    /// current org is the main org is marked so that the caller takes it out after adding it to a project org: so a
    /// run cut between creating a user and taking it out of the main org is healed by the next one.
    /// </summary>
    private async Task<(long Id, bool Admin, bool InMainOrg)?> EnsureUserAsync(string email, Dictionary<string, (long Id, bool Admin)> users, CancellationToken cancellationToken)
    {
        if (users.TryGetValue(email, out var known))
        {
            return known.Id == 0 ? null : (known.Id, known.Admin, false);
        }

        var (status, body) = await api.GetAsync($"api/users/lookup?loginOrEmail={GrafanaApi.Escape(email)}", null, cancellationToken);
        if (status == HttpStatusCode.OK)
        {
            var found = (body!["id"]!.GetValue<long>(), body["isGrafanaAdmin"]?.GetValue<bool>() ?? false);
            users[email] = found;
            // Current org still the main org: signed up by the auth proxy, or created by a run that stopped before it took the user out.
            return (found.Item1, found.Item2, body["orgId"]?.GetValue<long>() == 1);
        }

        GrafanaAnswer.Expect(status == HttpStatusCode.NotFound ? HttpStatusCode.OK : status, body, $"look up {email}");
        if (options.AuthProxy)
        {
            users[email] = (0, false); // not known to Grafana: waiting for the first login (once per run)
            return null;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var (created, answer) = await api.WriteAsync(HttpMethod.Post, "api/admin/users", null, new JsonObject { ["login"] = email, ["email"] = email, ["name"] = email, ["password"] = password }, cancellationToken);
        var id = GrafanaAnswer.Expect(created, answer, $"create user {email}")!["id"]!.GetValue<long>();
        var (removed, result) = await api.WriteAsync(HttpMethod.Delete, $"api/orgs/1/users/{id}", null, null, cancellationToken);
        GrafanaAnswer.Expect(removed, result, $"take {email} out of the main org");
        users[email] = (id, false);
        return (id, false, false);
    }

    public async Task SyncAdminsAsync(GrafanaDesiredSnapshot desired, Dictionary<string, (long Id, bool Admin)> users, CancellationToken cancellationToken)
    {
        foreach (var (email, admin) in desired.Admins.Select(a => (a, true)).Concat(desired.FormerAdmins.Select(a => (a, false))))
        {
            users.Remove(email);
            var (status, body) = await api.GetAsync($"api/users/lookup?loginOrEmail={GrafanaApi.Escape(email)}", null, cancellationToken);
            if (status == HttpStatusCode.NotFound)
            {
                continue;
            }

            var user = GrafanaAnswer.Expect(status, body, $"look up {email}")!;
            if ((user["isGrafanaAdmin"]?.GetValue<bool>() ?? false) != admin)
            {
                var (set, answer) = await api.WriteAsync(HttpMethod.Put, $"api/admin/users/{user["id"]!.GetValue<long>()}/permissions", null, new JsonObject { ["isGrafanaAdmin"] = admin }, cancellationToken);
                GrafanaAnswer.Expect(set, answer, $"set the server admin flag of {email}");
            }
        }
    }
}
