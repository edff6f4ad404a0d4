using System.Text.Json.Nodes;

namespace Mla.Kubernetes.TestServer.Store;

/// <summary>What DELETE answers: the object (still present with a deletionTimestamp, or gone) or a Success status.</summary>
public sealed record DeleteOutcome(JsonObject Body, bool Removed);
