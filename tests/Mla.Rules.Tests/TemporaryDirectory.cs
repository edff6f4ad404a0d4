namespace Mla.Rules.Tests;

/// <summary>A fresh folder under the temporary path, removed with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mla-rules-test-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
