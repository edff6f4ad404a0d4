using Mla.Hosting;
using Mla.Rules;

return await MlaProgram.RunAsync("rules", args, builder => builder.AddRulesService(), app => app.MapRulesService());
