using Mla.Hosting;
using Mla.Tenants;

return await MlaProgram.RunAsync("tenants", args, builder => builder.AddTenantsService(), app => app.MapTenantsService());
