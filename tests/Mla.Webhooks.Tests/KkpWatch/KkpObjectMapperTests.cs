using System.Text;
using System.Text.Json;
using Mla.Contracts.Alertmanager;
using Mla.Contracts.Projects;
using Mla.Contracts.Rules;
using Mla.Contracts.Settings;
using Mla.Webhooks.Catalog;
using Mla.Webhooks.CloudEvents;
using Mla.Webhooks.KkpWatch;

namespace Mla.Webhooks.Tests.KkpWatch;

/// <summary>A KKP object read from a seed must give exactly the state its webhook would carry.</summary>
public sealed class KkpObjectMapperTests
{
    [Fact]
    public void A_cluster_object_gives_the_state_of_the_documented_webhook()
    {
        var fromWebhook = Assert.Single(KkpEventParser.Parse(ExampleEvents.Bytes(KkpEventTypes.ClusterCreated), batch: false, maxEvents: 1));

        var desired = KkpObjectMapper.Cluster(KkpObjects.Cluster("s8kkpcccfq"), "europe-west3");

        Assert.NotNull(desired);
        Assert.Equal(ObjectKind.Cluster, desired.Kind);
        Assert.Equal(fromWebhook.Key, desired.Key);
        Assert.Equal(fromWebhook.ProjectId, desired.ProjectId);
        Assert.Equal(fromWebhook.StateJson, JsonSerializer.Serialize(desired.State, desired.State.GetType(), KkpEventParser.StateJson));
        Assert.False(desired.Deleted);
    }

    [Fact]
    public void A_user_object_gives_the_state_of_the_documented_webhook_and_one_without_email_cannot_be_used()
    {
        var fromWebhook = Assert.Single(KkpEventParser.Parse(ExampleEvents.Bytes(KkpEventTypes.UserChanged), batch: false, maxEvents: 1));

        var desired = KkpObjectMapper.User(KkpObjects.User("f3c4a1b2d5e6", "root@example.com", isAdmin: true));

        Assert.NotNull(desired);
        Assert.Equal(ObjectKind.User, desired.Kind);
        Assert.Equal(fromWebhook.Key, desired.Key);
        Assert.Equal(fromWebhook.StateJson, JsonSerializer.Serialize(desired.State, desired.State.GetType(), KkpEventParser.StateJson));
        Assert.Null(KkpObjectMapper.User(KkpObjects.User("u2", "", isAdmin: true)));
    }

    [Fact]
    public void A_cluster_without_its_project_label_cannot_be_used()
    {
        Assert.Null(KkpObjectMapper.Cluster(KkpObjects.Cluster("c1", project: null), "eu-1"));
    }

    [Fact]
    public void A_cluster_being_deleted_is_deleted_with_an_id_that_stays_while_its_finalizers_go()
    {
        var first = KkpObjectMapper.Cluster(KkpObjects.Cluster("c1", deleting: true, resourceVersion: "20"), "eu-1")!;
        var later = KkpObjectMapper.Cluster(KkpObjects.Cluster("c1", deleting: true, resourceVersion: "21"), "eu-1")!;

        Assert.True(first.Deleted);
        Assert.Equal(
            KkpChangePublisher.EventIdOf("eu-1", first, KkpEventTypes.ClusterDeleted),
            KkpChangePublisher.EventIdOf("eu-1", later, KkpEventTypes.ClusterDeleted));
    }

    [Fact]
    public void Every_write_to_a_cluster_gives_a_new_event_id_and_the_same_write_the_same_id()
    {
        var a = KkpObjectMapper.Cluster(KkpObjects.Cluster("c1", resourceVersion: "10"), "eu-1")!;
        var again = KkpObjectMapper.Cluster(KkpObjects.Cluster("c1", resourceVersion: "10"), "eu-1")!;
        var b = KkpObjectMapper.Cluster(KkpObjects.Cluster("c1", resourceVersion: "11"), "eu-1")!;

        Assert.Equal(KkpChangePublisher.EventIdOf("eu-1", a, KkpEventTypes.ClusterUpdated), KkpChangePublisher.EventIdOf("eu-1", again, KkpEventTypes.ClusterUpdated));
        Assert.NotEqual(KkpChangePublisher.EventIdOf("eu-1", a, KkpEventTypes.ClusterUpdated), KkpChangePublisher.EventIdOf("eu-1", b, KkpEventTypes.ClusterUpdated));
        Assert.NotEqual(KkpChangePublisher.EventIdOf("eu-1", a, KkpEventTypes.ClusterUpdated), KkpChangePublisher.EventIdOf("eu-2", a, KkpEventTypes.ClusterUpdated));
    }

    [Fact]
    public void Mla_is_on_when_either_flag_is_true()
    {
        Assert.True(KkpObjectMapper.MlaEnabled(KkpObjects.Cluster("c1", monitoring: false, logging: true)));
        Assert.False(KkpObjectMapper.MlaEnabled(KkpObjects.Cluster("c1", monitoring: false, logging: false)));
    }

    [Fact]
    public void A_project_gets_its_members_from_the_bindings_that_name_it()
    {
        var project = KkpObjects.Parse(
            """{"apiVersion":"kubermatic.k8c.io/v1","kind":"Project","metadata":{"name":"k7x2m9qp4t","uid":"p","resourceVersion":"3"},"spec":{"name":"payments"}}""");
        var bindings = new[]
        {
            KkpObjects.Binding("b1", "maria.schmidt@example.com", "owners-k7x2m9qp4t"),
            KkpObjects.Binding("b2", "dev@example.com", "editors-k7x2m9qp4t"),
            KkpObjects.Binding("b3", "viewer@example.com", "viewers-k7x2m9qp4t"),
            KkpObjects.Binding("b4", "other@example.com", "owners-zzz", project: "zzz"),
        };

        var state = (ProjectState)KkpObjectMapper.Project(project, bindings).State;

        Assert.Equal("payments", state.Name);
        Assert.Equal(
            [new ProjectMember("dev@example.com", ProjectRole.Editor), new ProjectMember("maria.schmidt@example.com", ProjectRole.Owner), new ProjectMember("viewer@example.com", ProjectRole.Viewer)],
            state.Members);
    }

    [Fact]
    public void A_project_with_only_its_owner_gives_the_state_of_the_documented_webhook()
    {
        var fromWebhook = Assert.Single(KkpEventParser.Parse(ExampleEvents.Bytes(KkpEventTypes.ProjectCreated), batch: false, maxEvents: 1));
        var project = KkpObjects.Parse(
            """{"apiVersion":"kubermatic.k8c.io/v1","kind":"Project","metadata":{"name":"k7x2m9qp4t","uid":"p","resourceVersion":"3"},"spec":{"name":"payments"}}""");

        var desired = KkpObjectMapper.Project(project, [KkpObjects.Binding("b1", "maria.schmidt@example.com", "owners-k7x2m9qp4t")]);

        Assert.Equal(fromWebhook.StateJson, JsonSerializer.Serialize(desired.State, desired.State.GetType(), KkpEventParser.StateJson));
    }

    [Fact]
    public void A_binding_change_changes_the_projects_event_id()
    {
        var project = KkpObjects.Parse("""{"apiVersion":"kubermatic.k8c.io/v1","kind":"Project","metadata":{"name":"p1","uid":"p","resourceVersion":"3"},"spec":{"name":"x"}}""");
        var before = KkpObjectMapper.Project(project, [KkpObjects.Binding("b1", "a@example.com", "owners-p1", "p1", "5")]);
        var after = KkpObjectMapper.Project(project, [KkpObjects.Binding("b1", "a@example.com", "viewers-p1", "p1", "6")]);

        Assert.NotEqual(KkpChangePublisher.EventIdOf("s", before, "t"), KkpChangePublisher.EventIdOf("s", after, "t"));
    }

    [Fact]
    public void A_rule_group_gives_its_decoded_yaml_keyed_by_cluster_and_name()
    {
        var yaml = "name: node-alerts\nrules: []\n";
        var group = KkpObjects.Parse(
            $$$"""
            {"apiVersion":"kubermatic.k8c.io/v1","kind":"RuleGroup","metadata":{"name":"node-alerts","namespace":"cluster-c1","uid":"g","resourceVersion":"7"},
             "spec":{"isDefault":false,"ruleGroupType":"Logs","cluster":{"name":"c1","kind":"Cluster"},"data":"{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(yaml))}}}"}}
            """);

        var desired = KkpObjectMapper.RuleGroup(group)!;

        Assert.Equal("c1/node-alerts", desired.Key);
        Assert.Equal(new RuleGroupState("node-alerts", "c1", RuleGroupType.Logs, yaml), desired.State);
    }

    [Fact]
    public void An_alertmanager_takes_its_configuration_from_the_secret_it_names_and_waits_without_it()
    {
        var alertmanager = KkpObjects.Parse(
            """{"apiVersion":"kubermatic.k8c.io/v1","kind":"Alertmanager","metadata":{"name":"alertmanager","namespace":"cluster-c1","uid":"a","resourceVersion":"8"},"spec":{"configSecret":{"name":"alertmanager"}}}""");
        var config = Convert.ToBase64String(Encoding.UTF8.GetBytes("route: {}\n"));
        var secret = KkpObjects.Parse(
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"alertmanager","namespace":"cluster-c1","uid":"s","resourceVersion":"9"},"data":{"alertmanager.yaml":"{{{config}}}"}}""");

        Assert.Equal(new AlertmanagerConfigState("c1", "route: {}\n"), KkpObjectMapper.Alertmanager(alertmanager, secret, "c1")!.State);
        Assert.Null(KkpObjectMapper.Alertmanager(alertmanager, secret: null, "c1"));
        Assert.Equal("c1", KkpObjectMapper.ClusterOfNamespace("cluster-c1", new SeedObjects()));
    }

    [Fact]
    public void Admin_settings_give_the_limits_and_their_deletion_the_defaults()
    {
        var setting = KkpObjects.Parse(
            """
            {"apiVersion":"kubermatic.k8c.io/v1","kind":"MLAAdminSetting","metadata":{"name":"mla-admin-setting","namespace":"cluster-c1","uid":"m","resourceVersion":"4"},
             "spec":{"clusterName":"c1","monitoringRateLimits":{"ingestionRate":50000,"maxSeriesTotal":300000},"loggingRateLimits":{"ingestionRate":10}}}
            """);

        var state = (MlaSettingsState)KkpObjectMapper.MlaSettings(setting)!.State;
        var gone = KkpObjectMapper.AsDeleted(KkpObjectMapper.MlaSettings(setting)!);

        Assert.Equal(50000, state.Monitoring.IngestionRate);
        Assert.Equal(300000, state.Monitoring.MaxSeriesTotal);
        Assert.Null(state.Monitoring.QueryRate);
        Assert.Equal(10, state.Logging.IngestionRate);
        Assert.Equal(new MlaSettingsState("c1", MonitoringLimits.Defaults, LoggingLimits.Defaults), gone.State);
        Assert.False(gone.Deleted); // there is no "settings deleted" event: the defaults come back as a change
    }
}
