using Mla.Hosting;
using Mla.Writer;

return await MlaProgram.RunAsync("writer", args, builder => builder.AddWriterService(), app => app.MapWriterService());
