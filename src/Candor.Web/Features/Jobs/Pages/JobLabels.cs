using System.Security.Claims;
using Candor.Engine.Questions;
using Candor.Web.Features.Accounts;

namespace Candor.Web.Features.Jobs.Pages;

/// <summary>Human wording for the question enums on the job pages (the API keeps its snake_case wire names).</summary>
public static class JobLabels
{
    public static string Of(RoleFamily family) => family switch
    {
        RoleFamily.DevOps => "DevOps",
        RoleFamily.MachineLearning => "Machine learning",
        RoleFamily.ProductManagement => "Product management",
        RoleFamily.CustomerSuccess => "Customer success",
        _ => family.ToString(),
    };

    public static string Of(QuestionKind kind) => kind.ToString();

    public static string Of(Difficulty difficulty) => difficulty.ToString();

    public static string Of(Seniority seniority) => seniority == Seniority.Mid ? "Mid-level" : seniority.ToString();

    /// <summary>"system_design" → "System design".</summary>
    public static string Humanize(string? snake) =>
        string.IsNullOrEmpty(snake) ? "" : char.ToUpperInvariant(snake[0]) + snake[1..].Replace('_', ' ');

    /// <summary>Admins and Recruiters change jobs; Evaluators only read them. Checked in every POST handler, not only in the markup.</summary>
    public static bool CanManageJobs(this ClaimsPrincipal user) => user.Role() is MemberRole.Admin or MemberRole.Recruiter;
}

/// <summary>Answers a page with an error status while still showing the page's own, friendlier body.</summary>
public static class PageStatus
{
    public static void Set(HttpContext context, int status)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        // Set as the headers go out, not now: a 404 seen at the end of rendering makes Blazor drop the page's body
        // (it expects a status-code page to re-execute), and UseStatusCodePages would answer with a bare problem.
        context.Response.OnStarting(() =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
    }
}
