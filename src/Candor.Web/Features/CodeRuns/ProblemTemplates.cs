using System.Text;
using System.Text.Json;
using Candor.Engine.Technical;

namespace Candor.Web.Features.CodeRuns;

/// <summary>A bank problem's function: its name (snake_case, as in Python) and typed parameters.</summary>
/// <param name="Parameters">Name and type pairs; types: int, double, bool, string, int[], string[], int[][], string[][].</param>
public sealed record ProblemSignature(string Function, IReadOnlyList<ProblemParameter> Parameters, string Returns);

public sealed record ProblemParameter(string Name, string Type);

/// <summary>
/// Builds each language's program around a problem's function: the function (the starter stub or a reference
/// body) plus a small main that reads one JSON value per stdin line, calls it and prints the result as JSON.
/// The runner compares that JSON by value with the test's expected output.
/// </summary>
public static class ProblemTemplates
{
    public static IReadOnlyList<CodeLanguage> ProgramLanguages { get; } = [CodeLanguage.Python, CodeLanguage.JavaScript, CodeLanguage.TypeScript, CodeLanguage.CSharp];

    /// <summary>A test's stdin: each argument as compact JSON on its own line.</summary>
    public static string StdinFor(IEnumerable<JsonElement> arguments) =>
        string.Concat(arguments.Select(a => JsonSerializer.Serialize(a) + "\n"));

    public static string Starter(ProblemSignature signature, CodeLanguage language) => language switch
    {
        CodeLanguage.Python => PythonProgram(signature, $"def {signature.Function}({string.Join(", ", signature.Parameters.Select(p => $"{p.Name}: {PythonType(p.Type)}"))}) -> {PythonType(signature.Returns)}:\n    # Write your solution here.\n    pass\n"),
        CodeLanguage.JavaScript => JavaScriptProgram(signature, $"function {Camel(signature.Function)}({string.Join(", ", signature.Parameters.Select(p => Camel(p.Name)))}) {{\n  // Write your solution here.\n}}\n"),
        CodeLanguage.TypeScript => TypeScriptProgram(signature, $"function {Camel(signature.Function)}({string.Join(", ", signature.Parameters.Select(p => $"{Camel(p.Name)}: {TypeScriptType(p.Type)}"))}): {TypeScriptType(signature.Returns)} {{\n  // Write your solution here.\n  throw new Error(\"not implemented\");\n}}\n"),
        CodeLanguage.CSharp => CSharpProgram(signature, $"    public static {CSharpType(signature.Returns)} {Pascal(signature.Function)}({string.Join(", ", signature.Parameters.Select(p => $"{CSharpType(p.Type)} {Camel(p.Name)}"))})\n    {{\n        // Write your solution here.\n        return default!;\n    }}\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Not a program language."),
    };

    /// <summary>A whole program around a solution's function text (for Python/JavaScript/TypeScript the function, for C# the members of class Solution).</summary>
    public static string Program(ProblemSignature signature, CodeLanguage language, string function) => language switch
    {
        CodeLanguage.Python => PythonProgram(signature, function),
        CodeLanguage.JavaScript => JavaScriptProgram(signature, function),
        CodeLanguage.TypeScript => TypeScriptProgram(signature, function),
        CodeLanguage.CSharp => CSharpProgram(signature, function),
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, "Not a program language."),
    };

    private static string PythonProgram(ProblemSignature signature, string function) => $$"""
        import json
        import sys
        from typing import List


        {{function.TrimEnd()}}


        if __name__ == "__main__":
            args = [json.loads(line) for line in sys.stdin.read().splitlines() if line.strip()]
            print(json.dumps({{signature.Function}}(*args)))

        """;

    private static string JavaScriptProgram(ProblemSignature signature, string function) => $$"""
        {{function.TrimEnd()}}

        const args = require("fs").readFileSync(0, "utf8").split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line));
        console.log(JSON.stringify({{Camel(signature.Function)}}(...args)));

        """;

    private static string TypeScriptProgram(ProblemSignature signature, string function) => $$"""
        {{function.TrimEnd()}}

        declare const require: (name: string) => any;
        const lines: string[] = require("fs").readFileSync(0, "utf8").split("\n").filter((line: string) => line.trim());
        const args = lines.map((line) => JSON.parse(line));
        console.log(JSON.stringify(({{Camel(signature.Function)}} as (...a: any[]) => unknown)(...args)));

        """;

    private static string CSharpProgram(ProblemSignature signature, string members)
    {
        var reads = new StringBuilder();
        for (var i = 0; i < signature.Parameters.Count; i++)
        {
            var parameter = signature.Parameters[i];
            reads.Append(CultureInvariant($"        var {Camel(parameter.Name)} = JsonSerializer.Deserialize<{CSharpType(parameter.Type)}>(lines[{i}])!;\n"));
        }
        var call = $"Solution.{Pascal(signature.Function)}({string.Join(", ", signature.Parameters.Select(p => Camel(p.Name)))})";
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Text.Json;

            public static class Solution
            {
            {{members.TrimEnd()}}
            }

            public static class Program
            {
                public static void Main()
                {
                    var lines = Console.In.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            {{reads.ToString().TrimEnd()}}
                    Console.WriteLine(JsonSerializer.Serialize({{call}}));
                }
            }

            """;
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string PythonType(string type) => type switch
    {
        "int" => "int",
        "double" => "float",
        "bool" => "bool",
        "string" => "str",
        _ when type.EndsWith("[]", StringComparison.Ordinal) => $"List[{PythonType(type[..^2])}]",
        _ => throw new ArgumentException($"Unknown type {type}", nameof(type)),
    };

    private static string TypeScriptType(string type) => type switch
    {
        "int" or "double" => "number",
        "bool" => "boolean",
        "string" => "string",
        _ when type.EndsWith("[]", StringComparison.Ordinal) => TypeScriptType(type[..^2]) + "[]",
        _ => throw new ArgumentException($"Unknown type {type}", nameof(type)),
    };

    private static string CSharpType(string type) => type switch
    {
        "int" or "double" or "bool" or "string" => type,
        _ when type.EndsWith("[]", StringComparison.Ordinal) => CSharpType(type[..^2]) + "[]",
        _ => throw new ArgumentException($"Unknown type {type}", nameof(type)),
    };

    public static string Camel(string snake)
    {
        var pascal = Pascal(snake);
        return pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal[1..];
    }

    public static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
