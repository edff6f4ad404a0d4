using Mla.Host;
using Mla.Host.Embedded;
using Mla.Host.Targets;
using Mla.Hosting;

IReadOnlyList<ServiceTarget> targets = [];
return await MlaProgram.RunAsync(
    "host",
    args,
    builder =>
    {
        targets = HostTargets.Select(builder.Configuration["targets"]);
        builder.AddEmbeddedDefault(targets.Select(t => t.Name).ToHashSet(StringComparer.Ordinal)).AddHostTargets(targets);
    },
    app => app.MapHostTargets(targets));
