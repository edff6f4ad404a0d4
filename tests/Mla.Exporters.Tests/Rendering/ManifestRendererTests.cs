using Mla.Exporters.Desired;
using Mla.Exporters.Rendering;
using Mla.Exporters.Tests.Support;

namespace Mla.Exporters.Tests.Rendering;

public sealed class ManifestRendererTests
{
    [Fact]
    public void Rendering_the_same_spec_twice_writes_nothing_the_second_time_and_the_bytes_are_equal()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var spec = SpecCases.Get(SpecCases.Names[0]);

        var a = new ManifestRenderer(first.Path).Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec));
        var again = new ManifestRenderer(first.Path).Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec));
        var b = new ManifestRenderer(second.Path).Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec));

        Assert.NotEmpty(a.Written);
        Assert.False(again.Changed);
        foreach (var file in Directory.EnumerateFiles(a.Directory))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(b.Directory, Path.GetFileName(file))));
        }
    }

    [Fact]
    public void Folder_is_seed_then_cluster_and_the_secret_file_is_for_the_owner_only()
    {
        using var temp = new TempDirectory();
        var spec = SpecCases.Get(SpecCases.Names[0]);

        var rendered = new ManifestRenderer(temp.Path).Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec));

        Assert.Equal(Path.Combine(temp.Path, spec.Seed, spec.ClusterId), rendered.Directory);
        var secret = Assert.Single(Directory.EnumerateFiles(rendered.Directory, "*-secret-*"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        }

        Assert.Contains(Path.GetFileName(secret), File.ReadAllText(Path.Combine(rendered.Directory, "kustomization.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Logging_switched_off_removes_the_log_agent_files_and_MLA_off_removes_the_folder()
    {
        using var temp = new TempDirectory();
        var renderer = new ManifestRenderer(temp.Path);
        var spec = SpecCases.Get(SpecCases.Names[0]);
        renderer.Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec));

        var noLogs = renderer.Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec with { LoggingEnabled = false }));
        Assert.Contains(noLogs.Removed, f => f.Contains("mla-log-agent", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFiles(noLogs.Directory), f => f.Contains("mla-log-agent", StringComparison.Ordinal));

        var off = renderer.Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec with { LoggingEnabled = false, MonitoringEnabled = false }));
        Assert.NotEmpty(off.Removed);
        Assert.False(Directory.Exists(off.Directory));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, spec.Seed)));
    }

    [Fact]
    public void Prune_removes_the_folders_of_clusters_no_longer_desired()
    {
        using var temp = new TempDirectory();
        var renderer = new ManifestRenderer(temp.Path);
        var spec = SpecCases.Get(SpecCases.Names[0]);
        renderer.Render(spec.Seed, "keep", AgentObjects.Build(spec with { ClusterId = "keep" }));
        renderer.Render(spec.Seed, "gone", AgentObjects.Build(spec with { ClusterId = "gone" }));
        renderer.Render("other-seed", "gone2", AgentObjects.Build(spec with { ClusterId = "gone2", Seed = "other-seed" }));

        var removed = renderer.Prune(new HashSet<(string, string)> { (spec.Seed, "keep") });

        Assert.Equal([(spec.Seed, "gone"), ("other-seed", "gone2")], removed.Order().ToList());
        Assert.True(Directory.Exists(renderer.ClusterDirectory(spec.Seed, "keep")));
        Assert.False(Directory.Exists(renderer.ClusterDirectory(spec.Seed, "gone")));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "other-seed")));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Ids_that_are_not_folder_names_are_refused(string id)
    {
        using var temp = new TempDirectory();
        Assert.Throws<ArgumentException>(() => new ManifestRenderer(temp.Path).ClusterDirectory("seed", id));
    }
}
