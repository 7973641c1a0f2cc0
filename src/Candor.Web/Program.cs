using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.Audio;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Features.Idempotency;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Jobs;
using Candor.Web.Features.Mail;
using Candor.Web.Features.Quotas;
using Candor.Web.Features.RateLimits;
using Candor.Web.Features.Rooms;
using Candor.Web.Features.Settings;
using Candor.Web.Features.CandidateResults;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Candor.Web.Jobs;
using Candor.Web.Providers;
using Candor.Web.Providers.Speech;

var builder = WebApplication.CreateBuilder(args);
builder.AddCandorPlatform();
builder.Services.AddCandorData();
builder.Services.AddJobQueue(builder.Configuration);
builder.Services.AddCandorAi();
builder.Services.AddAiProviders();
builder.Services.AddSpeechProviders();
builder.Services.AddVoice();
builder.Services.AddJobs();
builder.Services.AddInterviews();
builder.Services.AddGreenhouse();
builder.Services.AddRateLimits();
builder.Services.AddQuotas();
builder.Services.AddIdempotency();
builder.Services.AddWebhooks(builder.Configuration);
builder.Services.AddAccounts(builder.Configuration);
builder.Services.AddMail(builder.Configuration);
builder.Services.AddResults();
builder.Services.AddSettings();
builder.Services.AddRooms(builder.Configuration);
builder.Services.AddCodeRuns();

var app = builder.Build();
app.UseCandorPlatform();
app.MapCandorApi();
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the app.</summary>
public partial class Program;
