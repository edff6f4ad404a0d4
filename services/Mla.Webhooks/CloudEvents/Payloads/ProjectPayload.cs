using System.Text.Json;
using Mla.Contracts.Projects;

namespace Mla.Webhooks.CloudEvents.Payloads;

/// <summary><c>data</c> of <c>io.kubermatic.project.*</c>: the project and all of its members.</summary>
internal static class ProjectPayload
{
    public static ParsedObject Parse(JsonElement data, string path)
    {
        var id = JsonFields.RequireDnsLabel(data, "id", path);
        var name = JsonFields.RequireString(data, "name", path);
        var membersElement = JsonFields.RequireArray(data, "members", path);
        var members = new List<ProjectMember>();
        var index = 0;
        foreach (var member in membersElement.EnumerateArray())
        {
            var memberPath = $"{JsonFields.Join(path, "members")}[{index++}]";
            if (member.ValueKind != JsonValueKind.Object)
            {
                throw new EventValidationException(memberPath, "must be an object with email and role");
            }

            var email = JsonFields.RequireString(member, "email", memberPath);
            if (!email.Contains('@', StringComparison.Ordinal))
            {
                throw new EventValidationException(JsonFields.Join(memberPath, "email"), $"'{JsonFields.Truncate(email)}' is not an e-mail address");
            }

            var roleText = JsonFields.RequireString(member, "role", memberPath);
            var role = roleText switch
            {
                "owner" => ProjectRole.Owner,
                "editor" => ProjectRole.Editor,
                "viewer" => ProjectRole.Viewer,
                _ => throw new EventValidationException(
                    JsonFields.Join(memberPath, "role"),
                    $"'{JsonFields.Truncate(roleText)}' is not a role; expected owner, editor or viewer"),
            };
            members.Add(new ProjectMember(email, role));
        }

        return new ParsedObject(id, id, Seed: null, ProjectId: id, ClusterId: null, new ProjectState(id, name, members));
    }
}
