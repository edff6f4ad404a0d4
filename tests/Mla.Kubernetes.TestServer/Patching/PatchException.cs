namespace Mla.Kubernetes.TestServer.Patching;

/// <summary>A patch that cannot be applied (bad operation, missing path, wrong type); the server answers 422 with the message.</summary>
public sealed class PatchException(string message) : Exception(message);
