using Candor.Web.Data;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Candor.Web.Jobs;
using Candor.Web.Providers;

var builder = WebApplication.CreateBuilder(args);
builder.AddCandorPlatform();
builder.Services.AddCandorData();
builder.Services.AddJobQueue(builder.Configuration);
builder.Services.AddCandorAi();
builder.Services.AddInterviews();
builder.Services.AddWebhooks(builder.Configuration);

var app = builder.Build();
app.UseCandorPlatform();
app.MapCandorApi();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
