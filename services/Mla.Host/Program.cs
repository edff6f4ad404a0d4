using Mla.Host;
using Mla.Host.Targets;
using Mla.Hosting;

IReadOnlyList<ServiceTarget> targets = [];
return await MlaProgram.RunAsync(
    "host",
    args,
    builder => builder.AddHostTargets(targets = HostTargets.Select(builder.Configuration["targets"])),
    app => app.MapHostTargets(targets));
