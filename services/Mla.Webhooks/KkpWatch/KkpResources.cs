namespace Mla.Webhooks.KkpWatch;

/// <summary>The kinds the watch mode lists and watches on every seed (KKP's <c>sdk/apis/kubermatic/v1</c>, and core Secrets).</summary>
public static class KkpResources
{
    public const string Group = "kubermatic.k8c.io";
    public const string Version = "v1";

    public static readonly KkpResource Clusters = new("Cluster", Group, Version, "clusters", Namespaced: false);
    public static readonly KkpResource Projects = new("Project", Group, Version, "projects", Namespaced: false);
    public static readonly KkpResource UserProjectBindings = new("UserProjectBinding", Group, Version, "userprojectbindings", Namespaced: false);
    public static readonly KkpResource RuleGroups = new("RuleGroup", Group, Version, "rulegroups", Namespaced: true);
    public static readonly KkpResource Alertmanagers = new("Alertmanager", Group, Version, "alertmanagers", Namespaced: true);
    public static readonly KkpResource Users = new("User", Group, Version, "users", Namespaced: false);
    public static readonly KkpResource MlaAdminSettings = new("MLAAdminSetting", Group, Version, "mlaadminsettings", Namespaced: true);

    /// <summary>Only those an Alertmanager's <c>spec.configSecret.name</c> names are read; the others are ignored.</summary>
    public static readonly KkpResource Secrets = new("Secret", string.Empty, "v1", "secrets", Namespaced: true);

    /// <summary>In the order of the initial list: projects and bindings before clusters, clusters before what hangs on them.</summary>
    public static readonly IReadOnlyList<KkpResource> All = [Projects, UserProjectBindings, Users, Clusters, MlaAdminSettings, RuleGroups, Alertmanagers, Secrets];
}
