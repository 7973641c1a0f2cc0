using System.Text.RegularExpressions;

namespace Candor.Engine.Technical;

/// <summary>A name the reviewer finds unclear, with the 1-based line where it is first declared.</summary>
public sealed record NamedSymbol(string Name, int Line);

/// <summary>A loop with the loop depth it sits at (1: outermost).</summary>
public sealed record LoopSite(int Line, int Depth);

/// <summary>
/// What light static analysis can see in a candidate's code without running or parsing it fully: decision points
/// (cyclomatic complexity), block nesting, loops and their nesting, declared names, guards against empty or bad
/// input, and index arithmetic that often hides an off-by-one. Works line by line over Python, JavaScript,
/// TypeScript, C# and SQL, with strings and comments blanked first so their words never count.
/// </summary>
public sealed record CodeMetrics(
    int Lines,
    int CyclomaticComplexity,
    int MaxNesting,
    int MaxNestingLine,
    IReadOnlyList<LoopSite> Loops,
    IReadOnlyList<NamedSymbol> Declared,
    IReadOnlyList<NamedSymbol> UnclearNames,
    IReadOnlyList<int> EmptyInputGuardLines,
    IReadOnlyList<int> ValidationLines,
    IReadOnlyList<int> OffByOneSuspectLines,
    IReadOnlyList<int> CopyInLoopLines,
    int Functions,
    int LongestFunctionLines)
{
    public int MaxLoopDepth => Loops.Count == 0 ? 0 : Loops.Max(l => l.Depth);

    public static CodeMetrics Analyze(string code, CodeLanguage language) => CodeAnalyzer.Analyze(code, language);
}

internal static partial class CodeAnalyzer
{
    // Short names a reader understands anyway: loop counters, sizes, coordinates, the discard.
    private static readonly HashSet<string> ConventionalShortNames = new(StringComparer.Ordinal)
    {
        "i", "j", "k", "n", "m", "x", "y", "_", "l", "r", "lo", "hi", "id", "ok", "db", "dp", "op", "fn", "cb", "ch", "c",
    };

    private static readonly HashSet<string> VagueNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "temp", "tmp", "foo", "bar", "baz", "thing", "stuff", "data2", "var1", "var2", "asdf", "aaa", "xx", "yy", "zz",
        "test1", "val1", "val2", "obj1", "arr2", "a1", "a2", "b1", "b2", "x1", "x2",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "for", "while", "return", "def", "class", "var", "let", "const", "int", "string", "bool", "new", "in", "of", "and", "or", "not",
        "true", "false", "True", "False", "None", "null", "function", "public", "private", "static", "void", "else", "elif", "import", "from",
        "select", "from", "where", "as", "on", "join", "group", "by", "order", "self", "this", "long", "double", "float", "char", "object",
    };

    public static CodeMetrics Analyze(string code, CodeLanguage language)
    {
        var lines = Blank(code.Replace("\r\n", "\n", StringComparison.Ordinal), language).Split('\n');
        var python = language == CodeLanguage.Python;
        var sql = language == CodeLanguage.Sql;

        var complexity = 1;
        var maxNesting = 0;
        var maxNestingLine = 0;
        var loops = new List<LoopSite>();
        var declared = new List<NamedSymbol>();
        var guards = new List<int>();
        var validation = new List<int>();
        var offByOne = new List<int>();
        var copies = new List<int>();
        var functions = new List<(int Start, int Indent)>();
        var longest = 0;

        // Open blocks: for brace languages the brace depth; for Python the indentation of each block opener.
        var braceDepth = 0;
        var pythonBlocks = new Stack<(int Indent, bool Loop)>();
        var braceLoops = new Stack<int>(); // brace depth at which each open loop's body starts

        for (var index = 0; index < lines.Length; index++)
        {
            var raw = lines[index];
            var line = raw.Trim();
            var number = index + 1;
            if (line.Length == 0)
            {
                continue;
            }

            int depth;
            int loopDepth;
            if (python)
            {
                var indent = raw.Length - raw.TrimStart().Length;
                while (pythonBlocks.Count > 0 && pythonBlocks.Peek().Indent >= indent)
                {
                    pythonBlocks.Pop();
                }
                depth = pythonBlocks.Count;
                loopDepth = pythonBlocks.Count(b => b.Loop);
                if (line.EndsWith(':'))
                {
                    pythonBlocks.Push((indent, LoopStart().IsMatch(line)));
                }
            }
            else
            {
                while (braceLoops.Count > 0 && braceLoops.Peek() > braceDepth)
                {
                    braceLoops.Pop();
                }
                depth = braceDepth;
                loopDepth = braceLoops.Count;
            }

            if (depth > maxNesting)
            {
                maxNesting = depth;
                maxNestingLine = number;
            }

            complexity += Decisions().Count(line);
            complexity += python ? PythonBooleans().Count(line) : BooleanOperators().Count(line);
            if (sql)
            {
                complexity += SqlDecisions().Count(line);
            }

            if (LoopStart().IsMatch(line) || (!python && ForEachCall().IsMatch(line)))
            {
                loops.Add(new LoopSite(number, loopDepth + 1));
                if (!python)
                {
                    braceLoops.Push(braceDepth + 1);
                }
            }

            if (FunctionStart().IsMatch(line))
            {
                var indent = raw.Length - raw.TrimStart().Length;
                if (functions.Count > 0)
                {
                    longest = Math.Max(longest, number - functions[^1].Start);
                }
                functions.Add((number, indent));
            }

            foreach (Match match in Declaration().Matches(line))
            {
                var name = match.Groups["name"].Value;
                if (name.Length > 0 && !Keywords.Contains(name) && declared.All(d => d.Name != name))
                {
                    declared.Add(new NamedSymbol(name, number));
                }
            }
            if (python)
            {
                foreach (Match match in PythonAssignment().Matches(line))
                {
                    foreach (var part in match.Groups["names"].Value.Split(','))
                    {
                        var name = part.Trim();
                        if (Identifier().IsMatch(name) && !Keywords.Contains(name) && declared.All(d => d.Name != name))
                        {
                            declared.Add(new NamedSymbol(name, number));
                        }
                    }
                }
            }

            if (EmptyGuard().IsMatch(line))
            {
                guards.Add(number);
            }
            if (Validation().IsMatch(line))
            {
                validation.Add(number);
            }
            if (OffByOne().IsMatch(line))
            {
                offByOne.Add(number);
            }
            if (loopDepth > 0 && CopyExpression().IsMatch(line))
            {
                copies.Add(number);
            }

            if (!python)
            {
                foreach (var ch in line)
                {
                    if (ch == '{')
                    {
                        braceDepth++;
                    }
                    else if (ch == '}')
                    {
                        braceDepth = Math.Max(0, braceDepth - 1);
                    }
                }
            }
        }

        if (functions.Count > 0)
        {
            longest = Math.Max(longest, lines.Length - functions[^1].Start + 1);
        }
        var unclear = declared
            .Where(d => VagueNames.Contains(d.Name) || (d.Name.Length == 1 && !ConventionalShortNames.Contains(d.Name)))
            .ToList();

        return new CodeMetrics(
            lines.Count(l => l.Trim().Length > 0), complexity, maxNesting, maxNestingLine, loops, declared, unclear,
            guards, validation, offByOne, copies, functions.Count, longest);
    }

    /// <summary>Replaces string literals and comments with spaces, keeping every line and column where it was.</summary>
    internal static string Blank(string code, CodeLanguage language)
    {
        var chars = code.ToCharArray();
        var hashComments = language == CodeLanguage.Python;
        var dashComments = language == CodeLanguage.Sql;
        var i = 0;
        while (i < chars.Length)
        {
            var c = chars[i];
            var next = i + 1 < chars.Length ? chars[i + 1] : '\0';
            if ((hashComments && c == '#') || (!hashComments && c == '/' && next == '/') || (dashComments && c == '-' && next == '-'))
            {
                while (i < chars.Length && chars[i] != '\n')
                {
                    chars[i++] = ' ';
                }
            }
            else if (!hashComments && c == '/' && next == '*')
            {
                while (i < chars.Length && !(chars[i] == '*' && i + 1 < chars.Length && chars[i + 1] == '/'))
                {
                    if (chars[i] != '\n')
                    {
                        chars[i] = ' ';
                    }
                    i++;
                }
                for (var k = 0; k < 2 && i < chars.Length; k++)
                {
                    chars[i++] = ' ';
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                // The quotes stay (so "x == ''" still reads as a comparison with a string); the content goes.
                i++;
                while (i < chars.Length && chars[i] != c && chars[i] != '\n')
                {
                    if (chars[i] == '\\' && i + 1 < chars.Length && chars[i + 1] != '\n')
                    {
                        chars[i++] = ' ';
                    }
                    chars[i++] = ' ';
                }
                i++;
            }
            else
            {
                i++;
            }
        }
        return new string(chars);
    }

    [GeneratedRegex(@"^\s*(?:\}\s*)?(?:if|elif|else\s+if|while|for|foreach|case\b|catch|except)\b|\?\s*[^?.:\s]", RegexOptions.CultureInvariant)]
    private static partial Regex Decisions();

    [GeneratedRegex(@"&&|\|\||\?\?", RegexOptions.CultureInvariant)]
    private static partial Regex BooleanOperators();

    [GeneratedRegex(@"\b(?:and|or)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PythonBooleans();

    [GeneratedRegex(@"\b(?:WHEN|AND|OR)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqlDecisions();

    [GeneratedRegex(@"^\s*(?:\}\s*)?(?:for|foreach|while|do)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LoopStart();

    [GeneratedRegex(@"\.(?:forEach|map|filter|reduce|Select|Where|Any|All)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex ForEachCall();

    [GeneratedRegex(@"^\s*(?:def\s+\w+|function\b|(?:export\s+)?(?:async\s+)?function\s+\w+|(?:public|private|internal|protected|static|\s)+[\w<>\[\],\s]+\s+\w+\s*\([^;]*\)\s*\{?\s*$|(?:const|let)\s+\w+\s*=\s*(?:async\s*)?\([^)]*\)\s*=>|CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FunctionStart();

    [GeneratedRegex(@"\b(?:let|const|var|int|long|string|bool|double|float|char|decimal|auto)\s+(?<name>[A-Za-z_]\w*)\s*(?:=|;|,|\bin\b|\bof\b|:)|\bfor\s*\(\s*(?:let|const|var|int)\s+(?<name>[A-Za-z_]\w*)|\bfor\s+(?<name>[A-Za-z_]\w*)\s+in\b|\bdef\s+(?<name>[A-Za-z_]\w*)|\bfunction\s+(?<name>[A-Za-z_]\w*)", RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^\s*(?<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:[+\-*/]?=)(?!=)", RegexOptions.CultureInvariant)]
    private static partial Regex PythonAssignment();

    [GeneratedRegex(@"^[A-Za-z_]\w*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    // An explicit check for empty, missing or trivially small input.
    [GeneratedRegex(@"\bif\s*\(?\s*(?:not\s+\w+|!\s*\w+\s*\)|\w+\s*(?:is|==|===)\s*(?:None|null|undefined)|len\(\w+\)\s*(?:==|<=?|<)\s*[012]\b|\w+(?:\.length|\.Length|\.Count|\.count\(\))\s*(?:==|===|<=?|<)\s*[012]\b|\w+\s*(?:==|===)\s*(?:\[\]|''|""|0)\b|string\.IsNullOrEmpty|\w+\s*(?:==|<=|<)\s*[01]\b)", RegexOptions.CultureInvariant)]
    private static partial Regex EmptyGuard();

    // Refusing bad input out loud, or checking its type.
    [GeneratedRegex(@"\braise\s+(?:ValueError|TypeError)|throw\s+new\s+Argument\w*Exception|ArgumentNullException\.ThrowIf|throw\s+new\s+(?:TypeError|RangeError|Error)|\bisinstance\s*\(|\btypeof\s+\w+\s*(?:===|!==|==|!=)|Number\.isInteger|\bassert\b", RegexOptions.CultureInvariant)]
    private static partial Regex Validation();

    // Index arithmetic that reaches one past the end, the commonest off-by-one.
    [GeneratedRegex(@"range\(\s*len\([^)]*\)\s*\+\s*1\s*\)|<=\s*len\(|<=\s*\w+(?:\.length|\.Length|\.Count)\b|\[\s*len\([^)]*\)\s*\]|\[\s*\w+(?:\.length|\.Length|\.Count)\s*\]", RegexOptions.CultureInvariant)]
    private static partial Regex OffByOne();

    // Copies of a collection made inside a loop: extra space (and time) on every iteration.
    [GeneratedRegex(@"\[\s*:\s*\]|\.slice\(|\.copy\(\)|\.ToList\(\)|\.ToArray\(\)|\blist\(\w+\)|\[\.\.\.\w+|\+\s*\[", RegexOptions.CultureInvariant)]
    private static partial Regex CopyExpression();
}
