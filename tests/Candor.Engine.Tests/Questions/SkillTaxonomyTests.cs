using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Questions;

public class SkillTaxonomyTests
{
    private static readonly SkillTaxonomy Taxonomy = SkillTaxonomy.Default;

    private static IReadOnlyList<string> Names(string text) => [.. Taxonomy.Extract(text).Select(m => m.Name)];

    [Fact]
    public void Has_at_least_320_skills_across_several_categories()
    {
        Taxonomy.Skills.Count.ShouldBeGreaterThanOrEqualTo(320);
        Taxonomy.Skills.Select(s => s.Category).Distinct().Count().ShouldBeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public void Canonical_names_are_unique_ignoring_case()
    {
        var duplicates = Taxonomy.Skills.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1).Select(g => g.Key);
        duplicates.ShouldBeEmpty();
    }

    [Fact]
    public void No_spelling_is_claimed_by_two_skills()
    {
        var owners = Taxonomy.Skills
            .SelectMany(s => s.Aliases.Prepend(s.Name).Select(spelling => (Key: spelling.ToUpperInvariant(), s.Name)))
            .Distinct()
            .GroupBy(x => x.Key)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => x.Name))}");
        owners.ShouldBeEmpty();
    }

    [Fact]
    public void Every_spelling_finds_its_own_skill()
    {
        foreach (var skill in Taxonomy.Skills)
        {
            foreach (var spelling in skill.Aliases.Prepend(skill.Name))
            {
                Taxonomy.Find(spelling).ShouldBe(skill, $"'{spelling}'");
            }
        }
    }

    [Fact]
    public void Every_taxonomy_family_is_a_real_family()
    {
        Taxonomy.Skills.SelectMany(s => s.Families).ShouldNotContain(RoleFamily.General);
        Taxonomy.Skills.Count(s => s.Families.Count > 0).ShouldBeGreaterThan(300);
    }

    [Theory]
    [InlineData("k8s", "Kubernetes")]
    [InlineData("c sharp", "C#")]
    [InlineData("csharp", "C#")]
    [InlineData("dotnet", ".NET")]
    [InlineData("net core", ".NET")]
    [InlineData(".net core", ".NET")]
    [InlineData("postgres", "PostgreSQL")]
    [InlineData("golang", "Go")]
    [InlineData("go", "Go")]
    [InlineData("js", "JavaScript")]
    [InlineData("ts", "TypeScript")]
    [InlineData("reactjs", "React")]
    [InlineData("react.js", "React")]
    [InlineData("nodejs", "Node.js")]
    [InlineData("node", "Node.js")]
    [InlineData("Amazon Web Services", "AWS")]
    [InlineData("gcp", "Google Cloud")]
    [InlineData("google cloud", "Google Cloud")]
    [InlineData("ml", "Machine Learning")]
    [InlineData("ci/cd", "CI/CD")]
    [InlineData("continuous integration", "CI/CD")]
    [InlineData("sfdc", "Salesforce")]
    [InlineData("React-Native", "React Native")]
    [InlineData("  ASP.NET   core ", "ASP.NET Core")]
    public void Find_resolves_names_and_aliases_ignoring_case(string spelling, string expected) =>
        Taxonomy.Find(spelling)?.Name.ShouldBe(expected);

    [Fact]
    public void Find_returns_null_for_unknown_or_blank() =>
        (Taxonomy.Find("cobalt-unicorn"), Taxonomy.Find("  ")).ShouldBe((null, null));

    [Fact]
    public void Extracts_punctuation_heavy_names()
    {
        Names("We use C#, C++ and .NET with Node.js; CI/CD runs on every merge.")
            .ShouldBe(["C#", "C++", ".NET", "Node.js", "CI/CD"], ignoreOrder: true);
    }

    [Fact]
    public void Longest_spelling_wins()
    {
        Names("Build APIs in ASP.NET Core.").ShouldBe(["ASP.NET Core"]);
        Names("Ship React Native apps").ShouldBe(["React Native"]);
        Names("Objective-C and Swift").ShouldBe(["Objective-C", "Swift"]);
    }

    [Theory]
    [InlineData("Own our go-to-market motion.")]
    [InlineData("Go-to-market experience is a plus.")]
    [InlineData("We go fast and we go far.")]
    [InlineData("Go above and beyond for customers.")]
    [InlineData("You react quickly to customer issues.")]
    [InlineData("React quickly to customer issues and stay calm.")]
    [InlineData("A swift response keeps customers happy.")]
    [InlineData("Report to the C-level team after our Series C.")]
    [InlineData("Partner with R&D on the roadmap.")]
    [InlineData("Take a rest, then excel at your job.")]
    [InlineData("Read more at candor.net today.")]
    [InlineData("Add guard rails, then scale the node pools.")]
    [InlineData("We value solid judgement and a sketch of the plan.")]
    [InlineData("The year ended. Net revenue grew.")]
    public void Ambiguous_english_words_do_not_match_technologies(string text)
    {
        var technical = Taxonomy.Extract(text).Where(m => m.Category is "language" or "frontend" or "framework" or "practice" or "tool");
        technical.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Backend services in Go and PostgreSQL.", "Go")]
    [InlineData("Go is our main language.", "Go")]
    [InlineData("Senior Go Engineer", "Go")]
    [InlineData("Experience with golang.", "Go")]
    [InlineData("Embedded work in C and Rust.", "C")]
    [InlineData("Statistics in R or Python.", "R")]
    [InlineData("We build with React and TypeScript.", "React")]
    [InlineData("Our apps use Swift.", "Swift")]
    [InlineData("Rails monolith, moving to Node services", "Ruby on Rails")]
    [InlineData("Design REST endpoints.", "REST APIs")]
    public void Ambiguous_names_match_with_a_strong_cue(string text, string expected) =>
        Names(text).ShouldContain(expected);

    [Fact]
    public void Counts_mentions_and_orders_by_mentions_then_position()
    {
        var matches = Taxonomy.Extract("Kafka first. We love Postgres; postgres, PostgreSQL and k8s. Kubernetes!");

        matches.Select(m => (m.Name, m.Mentions)).ShouldBe([("PostgreSQL", 3), ("Kubernetes", 2), ("Kafka", 1)]);
        matches[0].MatchedAs.ShouldBe("Postgres");
        matches[0].Category.ShouldBe("database");
        matches[1].MatchedAs.ShouldBe("k8s");
    }

    [Fact]
    public void Matched_text_spanning_a_line_break_reads_as_one_line() =>
        Taxonomy.Extract("Run usability\ntesting weekly.").Single().MatchedAs.ShouldBe("usability testing");

    [Fact]
    public void Empty_text_has_no_skills() => Taxonomy.Extract("").ShouldBeEmpty();

    [Fact]
    public void Custom_rules_from_json_are_honoured()
    {
        var taxonomy = SkillTaxonomy.FromJson(["""
            { "category": "language", "skills": [
              { "name": "Go", "aliases": ["golang"], "families": ["backend"], "case_sensitive": true, "needs_context": true },
              { "name": "Rust", "aliases": [], "families": ["backend"], "case_sensitive": true } ] }
            """]);

        taxonomy.Extract("go and rust").ShouldBeEmpty();
        taxonomy.Extract("Go and Rust").Select(m => m.Name).ShouldBe(["Go", "Rust"]);
    }

    [Fact]
    public void Rejects_a_spelling_claimed_by_two_skills() =>
        Should.Throw<InvalidDataException>(() => SkillTaxonomy.FromJson(["""
            { "category": "x", "skills": [
              { "name": "A", "aliases": ["same"], "families": [] },
              { "name": "B", "aliases": ["Same"], "families": [] } ] }
            """]));

    [Fact]
    public void Extract_counts_every_mention_in_a_long_description()
    {
        // Speed is measured by ./candor bench, never asserted here; this checks a 5 KB text is read whole.
        var paragraph = "We are hiring a Senior Backend Engineer to build C#/.NET services on PostgreSQL and k8s. "
            + "You will go fast, own CI/CD, mentor others and talk to customers about Salesforce and HubSpot. ";
        var repeats = 5200 / paragraph.Length + 1;
        var matches = Taxonomy.Extract(string.Concat(Enumerable.Repeat(paragraph, repeats)));

        matches.Single(m => m.Name == "PostgreSQL").Mentions.ShouldBe(repeats);
        matches.Single(m => m.Name == "Kubernetes").Mentions.ShouldBe(repeats);
        matches.ShouldNotContain(m => m.Name == "Go");
    }

    [Theory]
    [InlineData("You will support our ML platform team and the data pipelines.")]
    [InlineData("We are an AI company; you will build REST APIs in C#.")]
    [InlineData("Operate Kafka clustering and Redis replication.")]
    public void A_mere_mention_of_a_broad_abbreviation_detects_no_skill(string text)
    {
        Names(text).ShouldNotContain("Machine Learning");
        Names(text).ShouldNotContain("Artificial Intelligence");
        Names(text).ShouldNotContain("Supervised Learning");
    }

    [Theory]
    [InlineData("3+ years of ML experience in production.", "Machine Learning")]
    [InlineData("You build and train ML models.", "Machine Learning")]
    [InlineData("Our machine learning team runs the ML platform.", "Machine Learning")]
    [InlineData("Strong background in AI research.", "Artificial Intelligence")]
    [InlineData("Experience with clustering techniques.", "Supervised Learning")]
    public void A_broad_abbreviation_with_real_evidence_still_detects_its_skill(string text, string expected) =>
        Names(text).ShouldContain(expected);

    [Fact]
    public void A_weak_alias_must_be_one_of_the_aliases() =>
        Should.Throw<InvalidDataException>(() => SkillTaxonomy.FromJson(["""
            { "category": "x", "skills": [ { "name": "A", "aliases": ["a1"], "weak_aliases": ["a2"], "families": [] } ] }
            """]));
}
