using System.Net;
using Candor.Web.Providers;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Providers;

/// <summary>The real app, configured through the flat CANDOR_AI__* variables, against a fake OpenAI-compatible server.</summary>
public sealed class AiUsageAppFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-app-SECRET-fedcba9876543210";

    public FakeLlmServer Server { get; private set; } = null!;

    public CandorApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeLlmServer.StartAsync();
        App = new CandorApp()
            .With("CANDOR_AI:PROVIDER", "openai")
            .With("CANDOR_AI:BASE_URL", Server.OpenAiBaseUrl)
            .With("CANDOR_AI:MODEL", "gpt-usage")
            .With("CANDOR_AI:API_KEY", ApiKey)
            .With("Candor:Ai:InputCostPerMillionTokens", "3")
            .With("Candor:Ai:OutputCostPerMillionTokens", "15");
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed class AiUsageApiTests(AiUsageAppFixture fixture) : IClassFixture<AiUsageAppFixture>
{
    [Fact]
    public async Task Each_call_is_recorded_in_ai_usage_and_listed_per_interview_with_totals()
    {
        var app = fixture.App;
        var tenant = await app.CreateTenantAsync();
        var interview = await new InterviewDriver(app, tenant).ScheduleNewAsync();
        var factory = app.Services.GetRequiredService<ChatClientFactory>();
        var client = (await factory.GetClientAsync(tenant.OrganizationId)).ShouldNotBeNull();
        // Creating the job already used the LLM question writer; count only the calls made below.
        var before = await app.WithDbAsync(tenant.OrganizationId, db => db.AiUsages.Select(u => u.Id).ToListAsync());
        fixture.Server.Then(new FakeReply("Next question.", InputTokens: 1000, OutputTokens: 200), new FakeReply(Status: 400));

        await client.GetResponseAsync("Hi", new ChatOptions().WithCallContext("interviewer", interview.InterviewId));
        await Should.ThrowAsync<AiProviderException>(() => client.GetResponseAsync("Hi", new ChatOptions().WithCallContext("evaluator", interview.InterviewId)));
        await client.GetResponseAsync("Hi", new ChatOptions().WithCallContext("question_writer")); // no interview: not listed below

        var rows = await app.WithDbAsync(tenant.OrganizationId, db => db.AiUsages.AsNoTracking().Where(u => !before.Contains(u.Id)).ToListAsync());
        rows.Count.ShouldBe(3);
        before.ShouldNotBeEmpty("the job's questions were drafted by the configured LLM (or its fallback)");
        rows.ShouldAllBe(r => r.OrganizationId == tenant.OrganizationId && r.Provider == "openai" && r.Model == "gpt-usage");

        var response = await tenant.Client.GetAsync($"/api/v1/interviews/{interview.InterviewId}/ai-usage");
        var raw = await response.Content.ReadAsStringAsync();
        raw.ShouldNotContain(AiUsageAppFixture.ApiKey);
        var usage = await response.Json();
        usage["interview_id"]!.GetValue<Guid>().ShouldBe(interview.InterviewId);
        var calls = usage["calls"]!.AsArray();
        calls.Count.ShouldBe(2);
        calls[0]!["role"]!.GetValue<string>().ShouldBe("interviewer");
        calls[0]!["input_tokens"]!.GetValue<int>().ShouldBe(1000);
        calls[0]!["output_tokens"]!.GetValue<int>().ShouldBe(200);
        calls[0]!["cost_usd"]!.GetValue<decimal>().ShouldBe(0.006m); // 1000 × 3/M + 200 × 15/M
        calls[0]!["succeeded"]!.GetValue<bool>().ShouldBeTrue();
        calls[1]!["succeeded"]!.GetValue<bool>().ShouldBeFalse();
        calls[1]!["error"]!.GetValue<string>().ShouldStartWith("bad_request");
        var totals = usage["totals"]!;
        totals["calls"]!.GetValue<int>().ShouldBe(2);
        totals["failures"]!.GetValue<int>().ShouldBe(1);
        totals["input_tokens"]!.GetValue<long>().ShouldBe(1000);
        totals["cost_usd"]!.GetValue<decimal>().ShouldBe(0.006m);
    }

    [Fact]
    public async Task Another_organisations_interview_or_an_unknown_id_is_not_found()
    {
        var app = fixture.App;
        var owner = await app.CreateTenantAsync("Owner");
        var stranger = await app.CreateTenantAsync("Stranger");
        var interview = await new InterviewDriver(app, owner).ScheduleNewAsync();

        await (await stranger.Client.GetAsync($"/api/v1/interviews/{interview.InterviewId}/ai-usage")).Problem(HttpStatusCode.NotFound);
        await (await owner.Client.GetAsync($"/api/v1/interviews/{Guid.NewGuid()}/ai-usage")).Problem(HttpStatusCode.NotFound);
        var empty = await owner.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/ai-usage");
        empty["calls"]!.AsArray().ShouldBeEmpty();
        empty["totals"]!["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Fact]
    public async Task Reading_usage_needs_the_interviews_read_scope()
    {
        var tenant = await fixture.App.CreateTenantAsync("Jobs only", "jobs:read");
        var response = await tenant.Client.GetAsync($"/api/v1/interviews/{Guid.NewGuid()}/ai-usage");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
