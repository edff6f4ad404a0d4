using Mla.Grafana;
using Mla.Hosting;

return await MlaProgram.RunAsync("grafana", args, builder => builder.AddGrafanaService(), app => app.MapGrafanaService());
