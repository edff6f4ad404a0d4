using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mla.Contracts.Clusters;
using Mla.Contracts.Projects;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents;

namespace Mla.Webhooks.Tests.CloudEvents;

public sealed class KkpEventParserTests
{
    public static TheoryData<string> AllTypes => new(KkpEventTypes.All.Keys.Order(StringComparer.Ordinal));

    /// <summary>Every field whose absence must be reported, per event type, as the path the 400 names.</summary>
    public static TheoryData<string, string> RequiredFields()
    {
        string[] envelope = ["specversion", "id", "source", "type", "subject", "time", "data"];
        string[] cluster = ["data.id", "data.name", "data.seed", "data.projectId", "data.phase", "data.spec", "data.spec.mla", "data.spec.mla.monitoringEnabled", "data.spec.mla.loggingEnabled"];
        string[] project = ["data.id", "data.name", "data.members", "data.members[0].email", "data.members[0].role"];
        var data = new TheoryData<string, string>();
        foreach (var type in KkpEventTypes.All.Values)
        {
            var fields = type.Kind switch
            {
                ObjectKind.Cluster => cluster,
                ObjectKind.Project when type.Deletes => ["data.id", "data.name", "data.members"],
                ObjectKind.Project => project,
                ObjectKind.RuleGroup when type.Deletes => ["data.id", "data.clusterId", "data.type"],
                ObjectKind.RuleGroup => ["data.id", "data.clusterId", "data.type", "data.yaml"],
                ObjectKind.AlertmanagerConfig when type.Deletes => ["data.id"],
                ObjectKind.AlertmanagerConfig => ["data.id", "data.yaml"],
                _ => ["data.id"],
            };
            foreach (var field in envelope.Concat(fields))
            {
                data.Add(type.Name, field);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_documented_example_is_valid(string type)
    {
        var entry = Assert.Single(KkpEventParser.Parse(ExampleEvents.Bytes(type), batch: false, maxEvents: 10));
        var example = ExampleEvents.Json(type);
        Assert.Equal(type, entry.KkpType);
        Assert.Equal(KkpEventTypes.All[type].Kind, entry.Kind);
        Assert.Equal(KkpEventTypes.All[type].Deletes, entry.Deleted);
        Assert.Equal((string)example["id"]!, entry.EventId);
        Assert.Equal(DateTimeOffset.Parse((string)example["time"]!, System.Globalization.CultureInfo.InvariantCulture), entry.Time);
    }

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void A_missing_required_field_is_named(string type, string field)
    {
        var body = ExampleEvents.ToBytes(ExampleEvents.Without(type, field));
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(body, batch: false, maxEvents: 10));
        Assert.Equal(field, error.Field);
        Assert.Contains("required", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_event_carries_the_full_cluster_state()
    {
        var entry = Assert.Single(KkpEventParser.Parse(ExampleEvents.Bytes(KkpEventTypes.ClusterCreated), false, 10));
        var state = JsonSerializer.Deserialize<ClusterState>(entry.StateJson, KkpEventParser.StateJson)!;
        var data = ExampleEvents.Json(KkpEventTypes.ClusterCreated)["data"]!;
        Assert.Equal((string)data["id"]!, state.Id);
        Assert.Equal((string)data["name"]!, state.Name);
        Assert.Equal((string)data["seed"]!, state.Seed);
        Assert.Equal((string)data["projectId"]!, state.ProjectId);
        Assert.Equal((string)data["phase"]!, state.Phase);
        Assert.Equal((bool)data["spec"]!["mla"]!["monitoringEnabled"]!, state.MonitoringEnabled);
        Assert.Equal((bool)data["spec"]!["mla"]!["loggingEnabled"]!, state.LoggingEnabled);
        Assert.Equal(data["labels"]!.AsObject().Count, state.Labels.Count);
        Assert.Equal(state.Id, entry.Key);
        Assert.Equal(state.Seed, entry.Seed);
        Assert.Equal(state.ProjectId, entry.ProjectId);
    }

    [Fact]
    public void A_project_event_carries_every_member_and_role()
    {
        var entry = Assert.Single(KkpEventParser.Parse(ExampleEvents.Bytes(KkpEventTypes.ProjectMembersChanged), false, 10));
        var state = JsonSerializer.Deserialize<ProjectState>(entry.StateJson, KkpEventParser.StateJson)!;
        var members = ExampleEvents.Json(KkpEventTypes.ProjectMembersChanged)["data"]!["members"]!.AsArray();
        Assert.Equal(members.Count, state.Members.Count);
        Assert.Equal(
            members.Select(m => ((string)m!["email"]!, (string)m["role"]!)),
            state.Members.Select(m => (m.Email, m.Role.ToString().ToLowerInvariant())));
    }

    [Fact]
    public void A_rule_group_is_keyed_by_cluster_and_name()
    {
        var entry = Assert.Single(KkpEventParser.Parse(ExampleEvents.Bytes(KkpEventTypes.RuleGroupChanged), false, 10));
        var data = ExampleEvents.Json(KkpEventTypes.RuleGroupChanged)["data"]!;
        Assert.Equal($"{(string)data["clusterId"]!}/{(string)data["id"]!}", entry.Key);
        Assert.Equal((string)data["clusterId"]!, entry.ClusterId);
    }

    [Theory]
    [InlineData("type", "io.kubermatic.cluster.exploded", "type", "not a known event type")]
    [InlineData("specversion", "0.3", "specversion", "not supported")]
    [InlineData("subject", "someoneelse", "subject", "must equal data.id")]
    [InlineData("time", "yesterday", "time", "RFC 3339")]
    [InlineData("datacontenttype", "application/xml", "datacontenttype", "not supported")]
    public void A_wrong_envelope_value_is_named(string field, string value, string expectedField, string expectedDetail)
    {
        var json = ExampleEvents.Json(KkpEventTypes.ClusterCreated);
        json[field] = value;
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(ExampleEvents.ToBytes(json), false, 10));
        Assert.Equal(expectedField, error.Field);
        Assert.Contains(expectedDetail, error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", "Not_A_Dns_Label", "data.id")]
    [InlineData("seed", "", "data.seed")]
    [InlineData("projectId", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "data.projectId")]
    public void An_invalid_id_is_named(string field, string value, string expectedField)
    {
        var json = ExampleEvents.Json(KkpEventTypes.ClusterCreated);
        json["data"]![field] = value;
        json["subject"] = field == "id" ? value : json["subject"]!.GetValue<string>();
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(ExampleEvents.ToBytes(json), false, 10));
        Assert.Equal(expectedField, error.Field);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_named()
    {
        var json = ExampleEvents.Json(KkpEventTypes.ClusterCreated);
        json["data"]!["spec"]!["mla"]!["monitoringEnabled"] = "yes";
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(ExampleEvents.ToBytes(json), false, 10));
        Assert.Equal("data.spec.mla.monitoringEnabled", error.Field);
        Assert.Contains("true or false", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_role_is_named()
    {
        var json = ExampleEvents.Json(KkpEventTypes.ProjectCreated);
        json["data"]!["members"]![0]!["role"] = "admin";
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(ExampleEvents.ToBytes(json), false, 10));
        Assert.Equal("data.members[0].role", error.Field);
    }

    [Fact]
    public void A_negative_limit_is_named()
    {
        var json = ExampleEvents.Json(KkpEventTypes.MlaSettingsChanged);
        json["data"]!["monitoring"] = new JsonObject { ["ingestionRate"] = -5 };
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(ExampleEvents.ToBytes(json), false, 10));
        Assert.Equal("data.monitoring.ingestionRate", error.Field);
    }

    [Theory]
    [InlineData("", "body", "empty")]
    [InlineData("{not json", "body", "not valid JSON")]
    [InlineData("[]", "body", "must be one CloudEvent")]
    [InlineData("42", "body", "must be one CloudEvent")]
    public void A_body_that_is_not_one_event_is_rejected(string body, string field, string detail)
    {
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(Encoding.UTF8.GetBytes(body), false, 10));
        Assert.Equal(field, error.Field);
        Assert.Contains(detail, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_yields_every_event_in_order()
    {
        var batch = new JsonArray(ExampleEvents.Json(KkpEventTypes.ProjectCreated), ExampleEvents.Json(KkpEventTypes.ClusterCreated));
        var entries = KkpEventParser.Parse(ExampleEvents.ToBytes(batch), batch: true, maxEvents: 10);
        Assert.Equal([KkpEventTypes.ProjectCreated, KkpEventTypes.ClusterCreated], entries.Select(e => e.KkpType));
    }

    [Fact]
    public void A_problem_in_a_batch_names_the_index_of_the_event()
    {
        var batch = new JsonArray(ExampleEvents.Json(KkpEventTypes.ProjectCreated), ExampleEvents.Without(KkpEventTypes.ClusterCreated, "data.id"));
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(ExampleEvents.ToBytes(batch), true, 10));
        Assert.Equal("[1].data.id", error.Field);
    }

    [Fact]
    public void A_batch_over_the_limit_is_rejected()
    {
        var batch = new JsonArray(ExampleEvents.Json(KkpEventTypes.ProjectCreated), ExampleEvents.Json(KkpEventTypes.ClusterCreated));
        var error = Assert.Throws<EventValidationException>(() => KkpEventParser.Parse(ExampleEvents.ToBytes(batch), true, maxEvents: 1));
        Assert.Equal("body", error.Field);
    }
}
