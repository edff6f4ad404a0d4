namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>A field owned by another manager: <paramref name="Path"/> as Kubernetes prints it (<c>.spec.replicas</c>,
/// <c>.spec.template.spec.containers[name="c"].image</c>); <paramref name="ApiVersion"/> only for Update owners.</summary>
public sealed record ApplyConflict(string Manager, string Operation, string? ApiVersion, string? Subresource, string Path);
