using Mla.Exporters;
using Mla.Hosting;

return await MlaProgram.RunAsync("exporters", args, builder => builder.AddExportersService(), app => app.MapExportersService());
