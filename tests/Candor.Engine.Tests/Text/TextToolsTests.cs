using Candor.Engine.Text;

namespace Candor.Engine.Tests.Text;

public class TextToolsTests
{
    [Fact]
    public void Tokenizer_keeps_technical_tokens_numbers_and_percentages()
    {
        var tokens = Tokenizer.Tokenize("We moved C# and C++ services to .NET 8, Node.js and CI/CD; latency fell 30% to 3.5 ms.");
        tokens.ShouldContain("c#");
        tokens.ShouldContain("c++");
        tokens.ShouldContain(".net");
        tokens.ShouldContain("node.js");
        tokens.ShouldContain("ci/cd");
        tokens.ShouldContain("30%");
        tokens.ShouldContain("3.5");
        tokens.ShouldContain("8");
        tokens.ShouldAllBe(t => !t.Any(char.IsUpper));
    }

    [Theory]
    [InlineData("db", "database")]
    [InlineData("k8s", "Kubernetes")]
    [InlineData("auth", "authentication")]
    [InlineData("caching", "cache")]
    [InlineData("testing", "tests")]
    [InlineData("release", "deployment")]
    [InlineData("clients", "customer")]
    [InlineData("users", "customers")]
    [InlineData("sales", "revenue")]
    [InlineData("perf", "performance")]
    public void Synonyms_normalize_to_the_same_term(string a, string b) =>
        Terms.Normalize(a.ToLowerInvariant()).ShouldBe(Terms.Normalize(b.ToLowerInvariant()));

    [Fact]
    public void Unrelated_words_stay_apart()
    {
        Terms.Normalize("database").ShouldNotBe(Terms.Normalize("cache"));
        Terms.Normalize("latency").ShouldNotBe(Terms.Normalize("revenue"));
    }

    [Fact]
    public void Stop_words_have_no_term() => Terms.Normalize("the").ShouldBeNull();

    [Fact]
    public void Coverage_uses_stemming_and_synonyms()
    {
        var coverage = KeyTermMatcher.Match(["Index", "Kubernetes"], "We added indexes and ran everything on k8s.");
        coverage.ShouldAllBe(c => c.Covered);
        coverage[0].Evidence.ShouldBe("We added indexes and ran everything on k8s.");
    }

    [Fact]
    public void Longer_points_need_sixty_percent_and_at_least_two_terms()
    {
        KeyTermMatcher.RequiredMatches(1).ShouldBe(1);
        KeyTermMatcher.RequiredMatches(2).ShouldBe(1);
        KeyTermMatcher.RequiredMatches(3).ShouldBe(2);
        KeyTermMatcher.RequiredMatches(5).ShouldBe(3);

        const string point = "Check for stale statistics after data growth"; // check, stale, statist, data, growth
        KeyTermMatcher.Match([point], "I would check the data.")[0].Covered.ShouldBeFalse();
        KeyTermMatcher.Match([point], "I would check for stale statistics on the data.")[0].Covered.ShouldBeTrue();
    }

    [Fact]
    public void Evidence_is_the_verbatim_sentence_that_matches_most()
    {
        const string answer = "Caching matters.  Honestly, we put a Redis cache in front of the slow database!\nThat cut load.";
        var coverage = KeyTermMatcher.Match(["Cache in front of the database"], answer)[0];
        coverage.Covered.ShouldBeTrue();
        coverage.Evidence.ShouldBe("Honestly, we put a Redis cache in front of the slow database!");
        answer.ShouldContain(coverage.Evidence!);
    }

    [Fact]
    public void Sentences_are_exact_substrings_and_respect_abbreviations_and_dotted_tokens()
    {
        const string text = "  We used node.js, e.g. for the API. Latency was 3.5 ms!  Then?\nNew line without stop";
        var sentences = SentenceSplitter.Split(text);
        sentences.Select(s => s.Text).ShouldBe(["We used node.js, e.g. for the API.", "Latency was 3.5 ms!", "Then?", "New line without stop"]);
        sentences.ShouldAllBe(s => text.Substring(s.Start, s.Length) == s.Text);
    }

    [Fact]
    public void Empty_text_has_no_sentences_or_tokens()
    {
        SentenceSplitter.Split("   ").ShouldBeEmpty();
        Tokenizer.Tokenize(null).ShouldBeEmpty();
    }
}
