using Mla.Host;
using Mla.Host.Embedded;
using Mla.Host.Targets;
using Mla.Hosting;

IReadOnlyList<ServiceTarget> targets = [];
return await MlaProgram.RunAsync(
    "host",
    args,
    builder => builder.AddEmbeddedDefault().AddHostTargets(targets = HostTargets.Select(builder.Configuration["targets"])),
    app => app.MapHostTargets(targets));
