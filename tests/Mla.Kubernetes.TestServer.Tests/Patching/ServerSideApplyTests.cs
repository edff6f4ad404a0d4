using System.Text.Json.Nodes;
using Mla.Kubernetes.TestServer.Patching;

namespace Mla.Kubernetes.TestServer.Tests.Patching;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2026, 12, 5, 1, 2, 3, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    private const string NginxDeployment = """
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','namespace':'default','labels':{'app':'nginx'}},
         'spec':{'replicas':3,'selector':{'matchLabels':{'app':'nginx'}},
          'template':{'metadata':{'labels':{'app':'nginx'}},'spec':{'containers':[{'name':'nginx','image':'nginx:1.14.2','ports':[{'containerPort':80}]}]}}}}
        """;

    private static JsonObject Applied(ApplyResult result)
    {
        Assert.False(result.IsConflict, result.ConflictMessage);
        return result.Applied!;
    }

    private static JsonObject Apply(JsonObject? live, string config, string manager, bool force = false, DateTimeOffset? now = null, string kind = "Deployment") =>
        Applied(ServerSideApply.Apply(live, Json.Object(config), manager, force, "apps/v1", kind, now ?? T1));

    private static JsonArray ManagedFields(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    private static JsonObject EntryOf(JsonObject obj, string manager, string operation = "Apply") =>
        ManagedFields(obj).Single(entry => (string?)entry!["manager"] == manager && (string?)entry["operation"] == operation)!.AsObject();

    private static string FieldsOf(JsonObject obj, string manager, string operation = "Apply") => EntryOf(obj, manager, operation)["fieldsV1"]!.ToJsonString();

    [Fact]
    public void Apply_creates_the_object_with_one_apply_entry_in_kubernetes_fields_v1()
    {
        var created = Apply(null, NginxDeployment, "kubectl");

        var entry = EntryOf(created, "kubectl");
        Assert.Equal(["manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1"], entry.Select(member => member.Key));
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        Assert.Equal("2026-12-05T01:02:03Z", (string?)entry["time"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        Assert.Equal(
            """{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}""",
            entry["fieldsV1"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal(3, (int)created["spec"]!["replicas"]!);
    }

    [Fact]
    public void Keyed_items_are_written_in_key_order_with_numbers_by_magnitude()
    {
        var created = Apply(null, "{'apiVersion':'v1','kind':'Service','metadata':{'name':'s'},'spec':{'ports':[{'port':8080},{'port':9},{'port':53,'protocol':'UDP'},{'port':53}]}}", "kubectl", kind: "Service");

        Assert.Equal(
            """{"f:spec":{"f:ports":{"k:{\u0022port\u0022:9,\u0022protocol\u0022:\u0022TCP\u0022}":{".":{},"f:port":{}},"k:{\u0022port\u0022:53,\u0022protocol\u0022:\u0022TCP\u0022}":{".":{},"f:port":{}},"k:{\u0022port\u0022:53,\u0022protocol\u0022:\u0022UDP\u0022}":{".":{},"f:port":{},"f:protocol":{}},"k:{\u0022port\u0022:8080,\u0022protocol\u0022:\u0022TCP\u0022}":{".":{},"f:port":{}}}}}""",
            FieldsOf(created, "kubectl"));
    }

    [Fact]
    public void Applying_a_different_value_of_a_field_another_applier_owns_is_a_conflict()
    {
        var live = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':3}}", "alice");

        var result = ServerSideApply.Apply(live, Json.Object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':5}}"), "bob", false, "apps/v1", "Deployment", T2);

        Assert.True(result.IsConflict);
        Assert.Null(result.Applied);
        Assert.Equal([new ApplyConflict("alice", "Apply", null, null, ".spec.replicas")], result.Conflicts);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas", result.ConflictMessage);
    }

    [Fact]
    public void Applying_the_same_value_shares_ownership()
    {
        var live = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':3}}", "alice");

        var shared = Apply(live, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':3}}", "bob", now: T2);

        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(shared, "alice"));
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(shared, "bob"));
    }

    [Fact]
    public void Force_takes_ownership_from_the_other_managers()
    {
        var live = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labels':{'a':'1'}},'spec':{'replicas':3}}", "alice");

        var forced = Apply(live, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':5}}", "bob", force: true, now: T2);

        Assert.Equal(5, (int)forced["spec"]!["replicas"]!);
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:a":{}}}}""", FieldsOf(forced, "alice"));
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(forced, "bob"));
    }

    // kubernetes.io "Server-Side Apply", transferring ownership: the HPA (an Update through the scale subresource)
    // takes spec.replicas; the user's next apply of replicas conflicts; dropping replicas from the configuration
    // leaves the field to the HPA instead of deleting it.
    [Fact]
    public void Replicas_owned_by_the_autoscaler_conflict_and_can_be_handed_over()
    {
        var live = Apply(null, NginxDeployment, "kubectl");
        var scaled = Json.Object(live.ToJsonString());
        scaled["spec"]!["replicas"] = 7;
        var afterHpa = ServerSideApply.RecordUpdate(live, scaled, "kube-controller-manager", "autoscaling/v1", "Deployment", T2, subresource: "scale");

        Assert.DoesNotContain("f:replicas", FieldsOf(afterHpa, "kubectl"), StringComparison.Ordinal);
        var hpaEntry = EntryOf(afterHpa, "kube-controller-manager", "Update");
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", hpaEntry["fieldsV1"]!.ToJsonString());
        Assert.Equal("scale", (string?)hpaEntry["subresource"]);

        var conflict = ServerSideApply.Apply(afterHpa, Json.Object(NginxDeployment), "kubectl", false, "apps/v1", "Deployment", T2);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kube-controller-manager\" with subresource \"scale\" using autoscaling/v1: .spec.replicas", conflict.ConflictMessage);

        var withoutReplicas = Json.Object(NginxDeployment);
        withoutReplicas["spec"]!.AsObject().Remove("replicas");
        var handedOver = Apply(afterHpa, withoutReplicas.ToJsonString(), "kubectl", now: T2);
        Assert.Equal(7, (int)handedOver["spec"]!["replicas"]!);
        Assert.DoesNotContain("f:replicas", FieldsOf(handedOver, "kubectl"), StringComparison.Ordinal);
        Assert.Contains("f:replicas", FieldsOf(handedOver, "kube-controller-manager", "Update"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_the_applier_stops_applying_is_removed_unless_another_manager_owns_it()
    {
        var live = Apply(null, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'a':'1','b':'2'}},'data':{'x':'1','y':'2'}}", "alice", kind: "ConfigMap");
        live = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'y':'2'}}", "bob", kind: "ConfigMap");

        var pruned = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'a':'1'}}}", "alice", now: T2, kind: "ConfigMap");

        Json.Equal("{'a':'1'}", pruned["metadata"]!["labels"]);
        Json.Equal("{'y':'2'}", pruned["data"]);
        Assert.Equal("""{"f:metadata":{"f:labels":{"f:a":{}}}}""", FieldsOf(pruned, "alice"));
    }

    [Fact]
    public void An_item_the_applier_drops_goes_unless_another_manager_owns_something_inside_it()
    {
        var live = Apply(null, NginxDeployment, "kubectl");
        live = Apply(live, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx'},'spec':{'template':{'spec':{'containers':[{'name':'nginx','imagePullPolicy':'Always'},{'name':'sidecar','image':'busybox'}]}}}}", "injector");

        var withoutContainers = Json.Object(NginxDeployment);
        withoutContainers["spec"]!["template"]!["spec"]!.AsObject().Remove("containers");
        var pruned = Apply(live, withoutContainers.ToJsonString(), "kubectl", now: T2);

        Json.Equal("[{'name':'nginx','imagePullPolicy':'Always'},{'name':'sidecar','image':'busybox'}]", pruned["spec"]!["template"]!["spec"]!["containers"]);

        var alone = Apply(null, NginxDeployment, "kubectl");
        var emptied = Apply(alone, withoutContainers.ToJsonString(), "kubectl", now: T2);
        Assert.True(emptied["spec"]!["template"]!["spec"] is null, emptied.ToJsonString());
        Json.Equal("{'app':'nginx'}", emptied["spec"]!["template"]!["metadata"]!["labels"]);
    }

    [Fact]
    public void Removing_the_last_applied_label_removes_the_emptied_map()
    {
        var live = Apply(null, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'a':'1'}},'data':{'x':'1'}}", "alice", kind: "ConfigMap");

        var pruned = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'x':'1'}}", "alice", now: T2, kind: "ConfigMap");

        Assert.Null(pruned["metadata"]!["labels"]);
        Assert.Equal("c", (string?)pruned["metadata"]!["name"]);
    }

    [Fact]
    public void Labels_and_map_lists_merge_per_key_across_managers()
    {
        var live = Apply(null, NginxDeployment, "kubectl");

        var merged = Apply(live, """
            {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','labels':{'team':'obs'}},
             'spec':{'template':{'spec':{'containers':[{'name':'sidecar','image':'busybox'}]}}}}
            """, "injector");

        Json.Equal("{'app':'nginx','team':'obs'}", merged["metadata"]!["labels"]);
        Assert.Equal(["nginx", "sidecar"], merged["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(container => (string?)container!["name"]));
        Assert.Equal(
            """{"f:metadata":{"f:labels":{"f:team":{}}},"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\u0022name\u0022:\u0022sidecar\u0022}":{".":{},"f:image":{},"f:name":{}}}}}}}""",
            FieldsOf(merged, "injector"));
    }

    [Fact]
    public void A_conflict_inside_a_keyed_item_names_the_item_by_key()
    {
        var live = Apply(null, NginxDeployment, "kubectl");

        var result = ServerSideApply.Apply(live, Json.Object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx'},'spec':{'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:2'}]}}}}"), "ci", false, "apps/v1", "Deployment", T2);

        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.template.spec.containers[name=\"nginx\"].image", result.ConflictMessage);
    }

    [Fact]
    public void Several_conflicts_are_grouped_by_manager()
    {
        var live = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labels':{'a':'1'}},'spec':{'replicas':3,'paused':false}}", "zed");
        var updated = Json.Object(live.ToJsonString());
        updated["metadata"]!["labels"]!["b"] = "1";
        live = ServerSideApply.RecordUpdate(live, updated, "amy", "apps/v1", "Deployment", T2);

        var result = ServerSideApply.Apply(live, Json.Object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d','labels':{'a':'2','b':'2'}},'spec':{'replicas':4,'paused':true}}"), "me", false, "apps/v1", "Deployment", T2);

        Assert.Equal(4, result.Conflicts.Count);
        Assert.Equal(
            "Apply failed with 4 conflicts: conflicts with \"amy\" using apps/v1:\n- .metadata.labels.b\nconflicts with \"zed\":\n- .metadata.labels.a\n- .spec.paused\n- .spec.replicas",
            result.ConflictMessage);
    }

    [Fact]
    public void Finalizers_are_owned_per_value()
    {
        var live = Apply(null, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','finalizers':['a']}}", "one", kind: "ConfigMap");
        live = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','finalizers':['b']}}", "two", kind: "ConfigMap");

        Json.Equal("['a','b']", live["metadata"]!["finalizers"]);
        Assert.Equal("""{"f:metadata":{"f:finalizers":{"v:\u0022a\u0022":{}}}}""", FieldsOf(live, "one"));

        var released = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'}}", "one", now: T2, kind: "ConfigMap");
        Json.Equal("['b']", released["metadata"]!["finalizers"]);
        Assert.DoesNotContain(ManagedFields(released), entry => (string?)entry!["manager"] == "one");
    }

    [Fact]
    public void Atomic_lists_are_replaced_and_owned_whole()
    {
        var live = Apply(null, "{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'Role','metadata':{'name':'r'},'rules':[{'verbs':['get']}]}", "one", kind: "Role");

        var replaced = Apply(live, "{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'Role','metadata':{'name':'r'},'rules':[{'verbs':['list']}]}", "one", now: T2, kind: "Role");

        Json.Equal("[{'verbs':['list']}]", replaced["rules"]);
        Assert.Equal("""{"f:rules":{}}""", FieldsOf(replaced, "one"));
    }

    [Fact]
    public void Record_update_on_create_owns_every_field_but_server_metadata_and_status()
    {
        var created = ServerSideApply.RecordUpdate(null, Json.Object("""
            {'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'n','uid':'u','resourceVersion':'1','creationTimestamp':'2026-01-01T00:00:00Z','labels':{'a':'1'}},
             'data':{'k':'v'},'status':{'x':1}}
            """), "kubectl-create", "v1", "ConfigMap", T1);

        var entry = EntryOf(created, "kubectl-create", "Update");
        Assert.Equal("""{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}""", entry["fieldsV1"]!.ToJsonString());
        Assert.Equal("v1", (string?)entry["apiVersion"]);
        Assert.Null(entry["subresource"]);
        Assert.Equal("c", (string?)created["metadata"]!["name"]);
    }

    [Fact]
    public void Record_update_takes_changed_fields_from_appliers_without_conflict()
    {
        var live = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':3,'paused':false}}", "kubectl");
        var edited = Json.Object(live.ToJsonString());
        edited["spec"]!["replicas"] = 4;

        var updated = ServerSideApply.RecordUpdate(live, edited, "kubectl-edit", "apps/v1", "Deployment", T2);

        Assert.Equal("""{"f:spec":{"f:paused":{}}}""", FieldsOf(updated, "kubectl"));
        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(updated, "kubectl-edit", "Update"));
        Assert.Equal(["Apply", "Update"], ManagedFields(updated).Select(entry => (string?)entry!["operation"]));
    }

    [Fact]
    public void Record_update_through_status_owns_only_status()
    {
        var live = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':3}}", "kubectl");
        var withStatus = Json.Object(live.ToJsonString());
        withStatus["status"] = Json.Object("{'readyReplicas':3,'conditions':[{'type':'Available','status':'True'}]}");

        var updated = ServerSideApply.RecordUpdate(live, withStatus, "controller", "apps/v1", "Deployment", T2, subresource: "status");

        var entry = EntryOf(updated, "controller", "Update");
        Assert.Equal("status", (string?)entry["subresource"]);
        Assert.Equal(
            """{"f:status":{"f:conditions":{".":{},"k:{\u0022type\u0022:\u0022Available\u0022}":{".":{},"f:status":{},"f:type":{}}},"f:readyReplicas":{}}}""",
            entry["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void A_main_resource_apply_owns_no_status_and_a_status_apply_owns_only_status()
    {
        var config = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':3},'status':{'replicas':3}}";

        var main = Apply(null, config, "kubectl");
        var status = Applied(ServerSideApply.Apply(main, Json.Object(config.Replace("'replicas':3}}", "'replicas':2}}", StringComparison.Ordinal)), "controller", false, "apps/v1", "Deployment", T2, "status"));

        Assert.Equal("""{"f:spec":{"f:replicas":{}}}""", FieldsOf(main, "kubectl"));
        var entry = EntryOf(status, "controller");
        Assert.Equal("""{"f:status":{"f:replicas":{}}}""", entry["fieldsV1"]!.ToJsonString());
        Assert.Equal("status", (string?)entry["subresource"]);
        Assert.Equal(2, (int)status["status"]!["replicas"]!);
        Assert.Equal(3, (int)status["spec"]!["replicas"]!);
    }

    [Fact]
    public void An_update_that_changes_nothing_adds_no_entry()
    {
        var live = Apply(null, "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'d'},'spec':{'replicas':3}}", "kubectl");

        var updated = ServerSideApply.RecordUpdate(live, Json.Object(live.ToJsonString()), "other", "apps/v1", "Deployment", T2);

        Assert.Single(ManagedFields(updated));
        Json.Equal(live.ToJsonString(), updated);
    }

    [Fact]
    public void A_no_op_apply_returns_the_live_object_unchanged()
    {
        var live = Apply(null, NginxDeployment, "kubectl");

        var again = Apply(live, NginxDeployment, "kubectl", now: T2);

        Json.Equal(live.ToJsonString(), again);
    }

    [Fact]
    public void A_removed_field_leaves_every_managers_set()
    {
        var live = Apply(null, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'x':'1','y':'2'}}", "alice", kind: "ConfigMap");
        var edited = Json.Object(live.ToJsonString());
        edited["data"]!.AsObject().Remove("x");

        var updated = ServerSideApply.RecordUpdate(live, edited, "editor", "v1", "ConfigMap", T2);

        Assert.Equal("""{"f:data":{"f:y":{}}}""", FieldsOf(updated, "alice"));
        Assert.DoesNotContain(ManagedFields(updated), entry => (string?)entry!["manager"] == "editor");
    }

    [Fact]
    public void Apply_entries_come_before_update_entries()
    {
        var live = ServerSideApply.RecordUpdate(null, Json.Object("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'x':'1'}}"), "creator", "v1", "ConfigMap", T1);

        var applied = Apply(live, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'y':'1'}}", "applier", now: T2, kind: "ConfigMap");

        Assert.Equal(["applier", "creator"], ManagedFields(applied).Select(entry => (string?)entry!["manager"]));
    }

    [Fact]
    public void Never_mutates_its_inputs()
    {
        var live = Apply(null, NginxDeployment, "kubectl");
        var liveText = live.ToJsonString();
        var config = Json.Object("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'nginx','labels':{'x':'y'}},'spec':{'replicas':9}}");
        var configText = config.ToJsonString();

        ServerSideApply.Apply(live, config, "kubectl", true, "apps/v1", "Deployment", T2);
        ServerSideApply.RecordUpdate(live, config, "x", "apps/v1", "Deployment", T2);

        Assert.Equal(liveText, live.ToJsonString());
        Assert.Equal(configText, config.ToJsonString());
    }
}
