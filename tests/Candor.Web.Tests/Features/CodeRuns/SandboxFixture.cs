using Candor.Engine.Technical;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.CodeRuns;

/// <summary>The real code runners (bubblewrap, python3, node, dotnet, PostgreSQL) without the web host.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private ServiceProvider? services;

    public ICodeRunner Runner => services!.GetRequiredService<ICodeRunner>();

    public IServiceProvider Services => services!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CANDOR_DATABASE_URL"] = ConnectionString })
            .Build();
        services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddCodeRuns()
            .BuildServiceProvider();
    }

    public Task<CodeRunResult> RunAsync(Problem problem, CodeLanguage language, string code, RunMode mode = RunMode.Run) =>
        Runner.RunAsync(problem, language, code, mode, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "Sandbox";
}

/// <summary>Small problems for exercising the runners: stdin lines in, one line out.</summary>
public static class TestProblems
{
    /// <summary>Reads two JSON numbers (one per line) and prints their sum.</summary>
    public static Problem Sum { get; } = new(
        "test-sum", "Sum", ProblemDifficulty.Easy, ["math"], "Print a + b.",
        [new ProblemExample("small", "1\n2\n", "3"), new ProblemExample("negative", "-5\n3\n", "-2")],
        [new ProblemTest("hidden big", "1000000\n2000000\n", "3000000"), new ProblemTest("hidden zero", "0\n0\n", "0")],
        new Dictionary<CodeLanguage, string>(), ["Add them."], "O(1)", new Dictionary<CodeLanguage, string>());

    public static readonly IReadOnlyDictionary<CodeLanguage, string> SumSolutions = new Dictionary<CodeLanguage, string>
    {
        [CodeLanguage.Python] = "import sys\na, b = (int(x) for x in sys.stdin.read().split())\nprint(a + b)\n",
        [CodeLanguage.JavaScript] = "const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconsole.log(a + b);\n",
        [CodeLanguage.TypeScript] = "const [a, b]: number[] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\nconst total: number = a + b;\nconsole.log(total);\n",
        [CodeLanguage.CSharp] = "using System;\nusing System.Linq;\nvar n = Console.In.ReadToEnd().Split((char[])null, StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();\nConsole.WriteLine(n[0] + n[1]);\n",
    };

    /// <summary>A SQL problem: the setup creates a table, the query answers from it.</summary>
    public static Problem Salaries { get; } = new(
        "test-sql", "Top earners", ProblemDifficulty.Easy, ["sql"], "Names with salary over 100, by name.",
        [new ProblemExample("three people", "CREATE TABLE people (name text, salary int); INSERT INTO people VALUES ('ann', 150), ('bob', 90), ('cy', 120);", "ann\ncy")],
        [new ProblemTest("hidden none", "CREATE TABLE people (name text, salary int); INSERT INTO people VALUES ('dee', 10);", "")],
        new Dictionary<CodeLanguage, string>(), ["Filter."], "O(n)", new Dictionary<CodeLanguage, string>());
}
