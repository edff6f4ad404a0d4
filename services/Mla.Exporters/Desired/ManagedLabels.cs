namespace Mla.Exporters.Desired;

/// <summary>Where the agents live in a user cluster and how MLA marks what it owns.</summary>
public static class ManagedLabels
{
    public const string Namespace = "mla-system";
    public const string ManagedByKey = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "mla";
    public const string ManagedBySelector = ManagedByKey + "=" + ManagedByValue;
    public const string NameKey = "app.kubernetes.io/name";
    public const string PartOfKey = "app.kubernetes.io/part-of";
    public const string ProfileLabel = "mla.k8c.io/profile";
    public const string ScrapeConfigLabel = "mla.k8c.io/scrape-config";
    public const string ConfigChecksumAnnotation = "mla.k8c.io/config-checksum";
    public const string CredentialsChecksumAnnotation = "mla.k8c.io/credentials-checksum";
    public const string FieldManager = "mla-exporters";
}
