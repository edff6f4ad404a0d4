using System.Text.Json;
using Mla.Contracts.Users;

namespace Mla.Webhooks.CloudEvents.Payloads;

/// <summary><c>data</c> of <c>io.kubermatic.user.*</c>: the KKP user's id (its object name), e-mail and admin flag.</summary>
internal static class UserPayload
{
    public static ParsedObject Parse(JsonElement data, string path)
    {
        var id = JsonFields.RequireDnsLabel(data, "id", path);
        var email = JsonFields.RequireString(data, "email", path);
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            throw new EventValidationException(JsonFields.Join(path, "email"), $"'{JsonFields.Truncate(email)}' is not an e-mail address");
        }

        var isAdmin = JsonFields.RequireBool(data, "isAdmin", path);
        return new ParsedObject(id, id, Seed: null, ProjectId: null, ClusterId: null, new UserState(id, email, isAdmin));
    }
}
