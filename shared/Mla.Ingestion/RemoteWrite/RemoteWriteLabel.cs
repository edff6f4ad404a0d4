namespace Mla.Ingestion.RemoteWrite;

/// <summary>A label to encode with <see cref="WriteRequestWriter"/>.</summary>
public readonly record struct RemoteWriteLabel(string Name, string Value);
