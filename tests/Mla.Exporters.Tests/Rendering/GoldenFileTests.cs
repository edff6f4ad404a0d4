using Mla.Exporters.Desired;
using Mla.Exporters.Rendering;
using Mla.Exporters.Tests.Support;

namespace Mla.Exporters.Tests.Rendering;

/// <summary>
/// The rendered folder of each agent and profile, byte for byte, against Golden/&lt;case&gt;/ (live mode applies the
/// very same objects). A change to the agents shows up here as a diff to review; MLA_UPDATE_GOLDEN=1 rewrites them.
/// </summary>
public sealed class GoldenFileTests
{
    [Theory]
    [MemberData(nameof(SpecCases.All), MemberType = typeof(SpecCases))]
    public void Rendered_folder_matches_the_golden_files(string name)
    {
        using var temp = new TempDirectory();
        var spec = SpecCases.Get(name);
        var renderer = new ManifestRenderer(temp.Path);
        var rendered = renderer.Render(spec.Seed, spec.ClusterId, AgentObjects.Build(spec));
        var golden = Path.Combine(Golden.Directory, name);
        if (Golden.Update)
        {
            if (Directory.Exists(golden))
            {
                Directory.Delete(golden, recursive: true);
            }

            Directory.CreateDirectory(golden);
            foreach (var file in Directory.EnumerateFiles(rendered.Directory))
            {
                File.Copy(file, Path.Combine(golden, Path.GetFileName(file)));
            }
        }

        var expected = Directory.EnumerateFiles(golden).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var actual = Directory.EnumerateFiles(rendered.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        foreach (var file in actual)
        {
            Assert.True(
                File.ReadAllText(Path.Combine(golden, file!)) == File.ReadAllText(Path.Combine(rendered.Directory, file!)),
                $"{name}/{file} differs from its golden file (MLA_UPDATE_GOLDEN=1 rewrites them; review the diff)");
        }
    }
}
