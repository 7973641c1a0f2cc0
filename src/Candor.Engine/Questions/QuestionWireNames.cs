namespace Candor.Engine.Questions;

/// <summary>
/// The snake_case names the question enums use in JSON and storage.
/// Spelled out by hand rather than derived from a naming policy: a policy would turn
/// <see cref="RoleFamily.DevOps"/> into "dev_ops", and the wire name is "devops".
/// </summary>
public static class QuestionWireNames
{
    private static readonly (RoleFamily Family, string Name)[] FamilyNames =
    [
        (RoleFamily.Backend, "backend"),
        (RoleFamily.Frontend, "frontend"),
        (RoleFamily.Data, "data"),
        (RoleFamily.DevOps, "devops"),
        (RoleFamily.Mobile, "mobile"),
        (RoleFamily.MachineLearning, "machine_learning"),
        (RoleFamily.ProductManagement, "product_management"),
        (RoleFamily.Design, "design"),
        (RoleFamily.Sales, "sales"),
        (RoleFamily.CustomerSuccess, "customer_success"),
        (RoleFamily.Marketing, "marketing"),
        (RoleFamily.General, "general"),
    ];

    private static readonly (QuestionKind Kind, string Name)[] KindNames =
    [
        (QuestionKind.Technical, "technical"),
        (QuestionKind.Behavioural, "behavioural"),
        (QuestionKind.Situational, "situational"),
        (QuestionKind.Scenario, "scenario"),
    ];

    private static readonly (Difficulty Difficulty, string Name)[] DifficultyNames =
    [
        (Difficulty.Easy, "easy"),
        (Difficulty.Medium, "medium"),
        (Difficulty.Hard, "hard"),
    ];

    public static string ToWire(RoleFamily family) => Lookup(FamilyNames, family);

    public static string ToWire(QuestionKind kind) => Lookup(KindNames, kind);

    public static string ToWire(Difficulty difficulty) => Lookup(DifficultyNames, difficulty);

    public static bool TryParseFamily(string? name, out RoleFamily family) => TryParse(FamilyNames, name, out family);

    public static bool TryParseKind(string? name, out QuestionKind kind) => TryParse(KindNames, name, out kind);

    public static bool TryParseDifficulty(string? name, out Difficulty difficulty) => TryParse(DifficultyNames, name, out difficulty);

    private static string Lookup<T>((T Value, string Name)[] table, T value)
        where T : struct, Enum
    {
        foreach (var (candidate, name) in table)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"No wire name for {typeof(T).Name}.{value}.");
    }

    // Exact, lower-case match only: the bank is hand-written data, and a near miss such as
    // "Backend" or "dev_ops" is a typo we want reported, not silently accepted.
    private static bool TryParse<T>((T Value, string Name)[] table, string? name, out T value)
        where T : struct, Enum
    {
        foreach (var (candidate, candidateName) in table)
        {
            if (string.Equals(candidateName, name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
