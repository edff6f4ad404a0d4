namespace Mla.Webhooks.Catalog;

/// <summary>The kinds of objects the fleet catalog holds; the stored name is the lower-case enum name.</summary>
public enum ObjectKind
{
    Cluster,
    Project,
    RuleGroup,
    AlertmanagerConfig,
    MlaSettings,
    User,
}
