using Bourse.Server;
using Bourse.Server.ApiKeys;
using Bourse.Server.Hosting;



if (args is ["apikey", ..])
{
    return await ApiKeyCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(CommandLine.Normalize(args));
builder.AddBourse();
var app = builder.Build();
app.MapBourse();
app.Run();
return 0;
