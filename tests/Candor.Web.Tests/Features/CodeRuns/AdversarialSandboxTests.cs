using System.Diagnostics;
using Candor.Engine.Technical;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Features.CodeRuns;

/// <summary>
/// Hostile programs against the real sandbox: each is contained with the verdict naming the limit it hit, and
/// after each the app is unharmed (this process alive, a normal run still passes, nothing left running).
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class AdversarialSandboxTests(SandboxFixture sandbox) : IAsyncLifetime
{
    private const string SecretVariable = "CANDOR_SANDBOX_TEST_SECRET";
    private static readonly string Secret = "s3cr3t-" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync()
    {
        // Stands for the app's secrets (database URL, provider keys): the sandbox must not see the app's environment.
        Environment.SetEnvironmentVariable(SecretVariable, Secret);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(CodeLanguage.Python, "while True:\n    pass\n")]
    [InlineData(CodeLanguage.JavaScript, "for (;;) {}\n")]
    [InlineData(CodeLanguage.TypeScript, "let n: number = 0;\nwhile (true) { n++; }\n")]
    [InlineData(CodeLanguage.CSharp, "long n = 0; while (true) { n++; }")]
    public async Task An_infinite_loop_is_stopped_as_a_timeout(CodeLanguage language, string code)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        result.Verdict.ShouldBe(RunVerdict.Timeout);
        result.Passed.ShouldBe(0);
        await AssertAppUnharmedAsync();
    }

    [Theory]
    [InlineData(CodeLanguage.Python, "import time\ntime.sleep(600)\n")]
    [InlineData(CodeLanguage.JavaScript, "setTimeout(() => {}, 600000);\n")]
    public async Task A_program_that_sleeps_forever_hits_the_wall_clock(CodeLanguage language, string code)
    {
        var clock = Stopwatch.StartNew();
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        result.Verdict.ShouldBe(RunVerdict.Timeout);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60)); // a generous bound on "not 600 s"; not a timing assertion
        await AssertAppUnharmedAsync();
    }

    [Theory]
    [InlineData(CodeLanguage.Python, "blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 1024 * 1024))\n")]
    [InlineData(CodeLanguage.JavaScript, "const blocks = [];\nwhile (true) { blocks.push(new Array(1e6).fill(1.5)); }\n")]
    [InlineData(CodeLanguage.JavaScript, "const blocks = [];\nwhile (true) { blocks.push(Buffer.alloc(64 * 1024 * 1024, 1)); }\n")]
    [InlineData(CodeLanguage.CSharp, "var blocks = new System.Collections.Generic.List<byte[]>(); while (true) { var b = new byte[50_000_000]; b[^1] = 1; blocks.Add(b); }")]
    public async Task A_memory_bomb_is_a_memory_limit(CodeLanguage language, string code)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        result.Verdict.ShouldBe(RunVerdict.MemoryLimit, result.Stderr);
        await AssertAppUnharmedAsync();
    }

    [Theory]
    [InlineData(CodeLanguage.Python, "while True:\n    print('x' * 1000)\n")]
    [InlineData(CodeLanguage.JavaScript, "const line = 'x'.repeat(1000);\nfor (;;) { process.stdout.write(line + '\\n'); }\n")]
    [InlineData(CodeLanguage.CSharp, "var line = new string('x', 1000); while (true) { System.Console.WriteLine(line); }")]
    [InlineData(CodeLanguage.Python, "import sys\nwhile True:\n    sys.stderr.write('e' * 1000)\n")]
    public async Task Huge_output_is_cut_as_an_output_limit(CodeLanguage language, string code)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        // node buffers writes to a pipe in its own heap: when the reader is slower (a loaded machine), the flood can
        // exhaust the memory limit before the output limit. Either way it is stopped and its output cut.
        result.Verdict.ShouldBeOneOf(language == CodeLanguage.JavaScript ? [RunVerdict.OutputLimit, RunVerdict.MemoryLimit] : [RunVerdict.OutputLimit]);
        (result.Stdout.Length + result.Stderr.Length).ShouldBeLessThanOrEqualTo(2 * 8193);
        await AssertAppUnharmedAsync();
    }

    [Fact]
    public async Task Filling_the_scratch_disk_is_an_output_limit_and_never_touches_the_host_disk()
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python,
            "import os\nwith open('/tmp/fill', 'wb') as f:\n    while True:\n        f.write(b'x' * 1024 * 1024)\n        f.flush()\n");

        result.Verdict.ShouldBe(RunVerdict.OutputLimit, result.Stderr);
        await AssertAppUnharmedAsync();
    }

    [Theory]
    [InlineData(CodeLanguage.Python, "import os\nwhile True:\n    os.fork()\n")]
    [InlineData(CodeLanguage.Python, "import subprocess\nsubprocess.run(['/bin/sh', '-c', 'f() { f | f & }; f'])\nimport time\ntime.sleep(30)\n")]
    [InlineData(CodeLanguage.JavaScript, "const { spawn } = require('child_process');\nfor (;;) { spawn('/usr/bin/sleep', ['30']); }\n")]
    [InlineData(CodeLanguage.CSharp, "while (true) { System.Diagnostics.Process.Start(\"/usr/bin/sleep\", \"30\"); }")]
    public async Task A_fork_bomb_is_contained_by_the_process_limit(CodeLanguage language, string code)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        // Either fork fails at the process limit (forbidden) or the bomb spins until the clock stops it; all end
        // with every process of the sandbox gone (checked below).
        // (A shell's bomb also floods stderr with "fork: Resource temporarily unavailable": output_limit.)
        result.Verdict.ShouldBeOneOf([RunVerdict.Forbidden, RunVerdict.Timeout, RunVerdict.MemoryLimit, RunVerdict.OutputLimit], result.Stderr);
        await AssertAppUnharmedAsync();
    }

    [Theory]
    [InlineData(CodeLanguage.Python, "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=3)\n")]
    [InlineData(CodeLanguage.Python, "import urllib.request\nurllib.request.urlopen('http://example.com', timeout=3)\n")]
    [InlineData(CodeLanguage.JavaScript, "require('net').connect(80, '1.1.1.1').on('error', e => { console.error(e.message); process.exit(1); });\n")]
    [InlineData(CodeLanguage.CSharp, "new System.Net.Sockets.TcpClient().Connect(\"1.1.1.1\", 80);")]
    public async Task Network_access_is_forbidden(CodeLanguage language, string code)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        result.Verdict.ShouldBe(RunVerdict.Forbidden, result.Stderr);
        await AssertAppUnharmedAsync();
    }

    [Fact]
    public async Task The_apps_database_on_loopback_is_out_of_reach()
    {
        var port = new Npgsql.NpgsqlConnectionStringBuilder(sandbox.ConnectionString).Port;
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, $"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=3)\n");

        result.Verdict.ShouldBe(RunVerdict.Forbidden, result.Stderr);
        await AssertAppUnharmedAsync();
    }

    [Fact]
    public async Task Host_files_the_repository_and_the_apps_environment_are_not_visible()
    {
        var repositoryFile = typeof(SandboxFixture).Assembly.Location;
        var hostHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var code = $$"""
            import os
            for path in ['/etc/shadow', '/etc/passwd', '/root', '/home', {{Py(repositoryFile)}}, {{Py(hostHome)}}, '/work', '/var/lib/postgresql', {{Py(Path.GetTempPath())}} + 'candor-sandbox']:
                print(path, 'VISIBLE' if os.path.exists(path) and path not in ('/tmp/', '/tmp') else 'hidden')
            print('env', dict(os.environ))
            for pid in os.listdir('/proc'):
                if pid.isdigit():
                    try:
                        print('proc', pid, open('/proc/' + pid + '/environ', 'rb').read())
                    except Exception as e:
                        print('proc', pid, 'unreadable', type(e).__name__)
            """;
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, code);

        result.Verdict.ShouldBe(RunVerdict.Ok, result.Stderr);
        result.Stdout.ShouldNotContain("VISIBLE");
        result.Stdout.ShouldNotContain(Secret);
        result.Stdout.ShouldNotContain(SecretVariable);
        result.Stdout.ShouldNotContain("CANDOR_DATABASE_URL");
        await AssertAppUnharmedAsync();
    }

    [Theory]
    [InlineData(CodeLanguage.JavaScript, "const fs = require('fs');\nconsole.log(fs.readFileSync('/etc/shadow', 'utf8'));\n")]
    [InlineData(CodeLanguage.CSharp, "System.Console.WriteLine(System.IO.File.ReadAllText(\"/etc/shadow\"));")]
    [InlineData(CodeLanguage.Python, "print(open('/etc/shadow').read())\n")]
    public async Task Reading_the_shadow_file_fails_in_every_language(CodeLanguage language, string code)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        result.Verdict.ShouldBeOneOf(RunVerdict.RuntimeError, RunVerdict.Forbidden);
        result.Stdout.ShouldNotContain("root:");
        await AssertAppUnharmedAsync();
    }

    [Fact]
    public async Task The_environment_shows_none_of_the_apps_variables_in_javascript_and_csharp()
    {
        var js = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.JavaScript, "console.log(JSON.stringify(process.env));\n");
        var cs = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.CSharp,
            "foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables()) System.Console.WriteLine($\"{e.Key}={e.Value}\");");

        js.Verdict.ShouldBe(RunVerdict.Ok);
        cs.Verdict.ShouldBe(RunVerdict.Ok, cs.Stderr);
        foreach (var output in new[] { js.Stdout, cs.Stdout })
        {
            output.ShouldNotContain(Secret);
            output.ShouldNotContain("CANDOR_DATABASE_URL");
        }
    }

    [Fact]
    public async Task Writing_outside_the_scratch_folder_fails_and_the_host_is_untouched()
    {
        var marker = "candor-escape-" + Guid.NewGuid().ToString("N");
        var hostTarget = Path.Combine(Path.GetTempPath(), marker);
        var code = $$"""
            import os
            results = []
            for path in ['/usr/{{marker}}', '/src/{{marker}}', '/etc/{{marker}}', '/{{marker}}', {{Py(hostTarget)}}, '/proc/sys/kernel/{{marker}}']:
                try:
                    with open(path, 'w') as f:
                        f.write('x')
                    results.append(path + ' WRITTEN')
                except OSError as e:
                    results.append(path + ' refused ' + type(e).__name__)
            print('\n'.join(results))
            """;
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, code);

        result.Verdict.ShouldBe(RunVerdict.Ok, result.Stderr);
        // /tmp inside is the sandbox's own tmpfs: writing there is allowed and never reaches the host's /tmp.
        result.Stdout.Split('\n').Where(l => l.Contains("WRITTEN", StringComparison.Ordinal)).ShouldAllBe(l => l.StartsWith(hostTarget, StringComparison.Ordinal));
        File.Exists(hostTarget).ShouldBeFalse();
        File.Exists("/" + marker).ShouldBeFalse();
        File.Exists("/usr/" + marker).ShouldBeFalse();
        await AssertAppUnharmedAsync();
    }

    [Fact]
    public async Task Signals_cannot_reach_the_app_or_other_processes()
    {
        var appPid = Environment.ProcessId;
        var code = $$"""
            import os, signal
            for pid in [{{appPid}}, 1, -1]:
                try:
                    os.kill(pid, signal.SIGKILL if pid != 1 else signal.SIGTERM)
                    print(pid, 'sent')
                except OSError as e:
                    print(pid, 'refused', type(e).__name__)
            os.kill({{appPid}}, signal.SIGKILL)
            """;
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, code);

        // The app's pid does not exist in the sandbox's pid namespace; -1 reaches only the sandbox's own processes.
        result.Verdict.ShouldBeOneOf(RunVerdict.Forbidden, RunVerdict.RuntimeError, RunVerdict.Ok, RunVerdict.Timeout);
        Process.GetCurrentProcess().HasExited.ShouldBeFalse();
        await AssertAppUnharmedAsync();
    }

    [Fact]
    public async Task A_sandbox_never_takes_a_uid_another_process_on_the_machine_holds()
    {
        // Two app processes (or two test hosts) on one machine share the kernel's per-uid process count; a sandbox
        // on a uid another process is using could be refused forks. Another process holds the first uid here.
        var first = sandbox.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.FirstSandboxUid;
        var lockFile = Path.Combine(Path.GetTempPath(), "candor-sandbox-uids", $"{first}.lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-w", "30", lockFile, "sh", "-c", "echo held; sleep 60"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            (await holder.StandardOutput.ReadLineAsync()).ShouldBe("held");

            var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, "import os\nprint(os.getuid())\n");

            var uid = int.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            uid.ShouldNotBe(first);
            uid.ShouldBeGreaterThan(first, "the app runs as root here, so every run gets a sandbox uid of its own");
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_sandbox_never_takes_a_uid_whose_processes_are_still_running()
    {
        // A run's processes can outlive it briefly while the kernel tears its namespaces down; they count against
        // the uid's process limit, so the next run must not start on that uid. A lingering process stands for them.
        var first = sandbox.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.FirstSandboxUid;
        using var lingering = Process.Start(new ProcessStartInfo("setpriv", [$"--reuid={first}", $"--regid={first}", "--clear-groups", "sh", "-c", "echo started; sleep 60"])
        {
            RedirectStandardOutput = true,
        })!;
        try
        {
            (await lingering.StandardOutput.ReadLineAsync()).ShouldBe("started");

            var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, "import os\nprint(os.getuid())\n");

            int.Parse(result.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(first);
        }
        finally
        {
            lingering.Kill(entireProcessTree: true);
            await lingering.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Sql_cannot_sleep_past_the_timeout_even_after_turning_it_off()
    {
        var result = await sandbox.RunAsync(TestProblems.Salaries, CodeLanguage.Sql, "SET statement_timeout = 0; SELECT pg_sleep(120);");

        result.Verdict.ShouldBe(RunVerdict.Timeout);
        await AssertSqlUnharmedAsync();
    }

    [Theory]
    [InlineData("SELECT pg_read_file('/etc/passwd');")]
    [InlineData("COPY (SELECT 1) TO PROGRAM 'touch /tmp/candor-sql-escape';")]
    [InlineData("CREATE ROLE intruder SUPERUSER;")]
    [InlineData("SET ROLE postgres; SELECT 1;")]
    [InlineData("ALTER ROLE postgres PASSWORD 'taken';")]
    public async Task Sql_privileged_operations_are_forbidden(string code)
    {
        var result = await sandbox.RunAsync(TestProblems.Salaries, CodeLanguage.Sql, code);

        result.Verdict.ShouldBe(RunVerdict.Forbidden, result.Stderr);
        File.Exists("/tmp/candor-sql-escape").ShouldBeFalse();
        await AssertSqlUnharmedAsync();
    }

    [Fact]
    public async Task Sql_cannot_see_the_apps_tables()
    {
        var result = await sandbox.RunAsync(TestProblems.Salaries, CodeLanguage.Sql, "SELECT count(*) FROM public.organizations;");

        result.Verdict.ShouldBeOneOf(RunVerdict.CompileError, RunVerdict.Forbidden);
        await AssertSqlUnharmedAsync();
    }

    [Fact]
    public async Task Sql_that_returns_endless_rows_is_an_output_limit()
    {
        var result = await sandbox.RunAsync(TestProblems.Salaries, CodeLanguage.Sql, "SELECT 1 FROM pg_class a, pg_class b, pg_class c;");

        result.Verdict.ShouldBeOneOf(RunVerdict.OutputLimit, RunVerdict.Timeout);
        await AssertSqlUnharmedAsync();
    }

    private static string Py(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private async Task AssertAppUnharmedAsync()
    {
        Process.GetCurrentProcess().HasExited.ShouldBeFalse();
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, TestProblems.SumSolutions[CodeLanguage.Python]);
        result.Verdict.ShouldBe(RunVerdict.Ok, result.Stderr);
        result.Passed.ShouldBe(2);
        // A bwrap that has just ended may still be tearing down its namespaces, and other test classes run sandboxes of
        // their own meanwhile (each lives at most its wall clock, 10 s). A leak is a sandbox process that outlives any
        // run: wait until none is left or one has lived past LeakAge.
        for (var i = 0; i < 400 && SandboxProcessesLeft().Count > 0 && SandboxProcessesLeft().All(p => p.Age < LeakAge); i++)
        {
            await Task.Delay(100);
        }
        SandboxProcessesLeft().Where(p => p.Age >= LeakAge).Select(p => p.Description).ShouldBeEmpty();
    }

    private async Task AssertSqlUnharmedAsync()
    {
        var result = await sandbox.RunAsync(TestProblems.Salaries, CodeLanguage.Sql, "SELECT name FROM people WHERE salary > 100 ORDER BY name;");
        result.Verdict.ShouldBe(RunVerdict.Ok, result.Stderr);
        result.Passed.ShouldBe(1);
        await using var connection = new Npgsql.NpgsqlConnection(sandbox.ConnectionString);
        await connection.OpenAsync();
        await using var roles = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'candor_sql_%' OR rolname = 'intruder'", connection);
        ((long)(await roles.ExecuteScalarAsync())!).ShouldBe(0);
    }

    /// <summary>
    /// Processes still running under a sandbox uid, or a bwrap this process started. Zombies are left out: bwrap's
    /// set-up helpers exit to the machine's init, and this container's init reaps them lazily; they hold nothing.
    /// </summary>
    private static readonly TimeSpan LeakAge = TimeSpan.FromSeconds(25);

    private static List<(string Description, TimeSpan Age)> SandboxProcessesLeft()
    {
        var left = new List<(string, TimeSpan)>();
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }
            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                var uid = int.Parse(status.First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                var parent = int.Parse(status.First(l => l.StartsWith("PPid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                if (status.Any(l => l.StartsWith("State:\tZ", StringComparison.Ordinal)))
                {
                    continue;
                }
                if ((uid >= 61000 && uid < 62000) || parent == Environment.ProcessId && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("bwrap", StringComparison.Ordinal))
                {
                    // /proc/<pid>/stat field 22 is the start time in clock ticks (100 a second on Linux) since boot.
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var started = long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], System.Globalization.CultureInfo.InvariantCulture) / 100.0;
                    left.Add((dir + " " + string.Join(' ', status.Where(l => l.StartsWith("State:", StringComparison.Ordinal) || l.StartsWith("Name:", StringComparison.Ordinal))) + " " + File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' '),
                        TimeSpan.FromSeconds(uptime - started)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Exited while we looked.
            }
        }
        return left;
    }
}
