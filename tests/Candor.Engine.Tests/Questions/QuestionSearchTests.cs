using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Questions;

public class QuestionSearchTests
{
    private static IReadOnlyList<BankQuestion> Search(string query) => QuestionSearch.Default.Search(QuestionBank.Default.Questions, query);

    [Theory]
    [InlineData("data quality", "da-005")]
    [InlineData("quality data", "da-005")] // Any order.
    [InlineData("dbt", "da-004")]          // A skill named only in the rubric.
    [InlineData("Data modeling", "da-003")] // A detected skill that is the question's competency.
    [InlineData("star schemas", "da-003")] // Word forms.
    public void Words_skills_and_word_forms_find_questions(string query, string expectedId) =>
        Search(query).Select(q => q.Id).ShouldContain(expectedId);

    [Fact]
    public void A_synonym_finds_the_same_questions_as_the_word()
    {
        Search("k8s").ShouldNotBeEmpty();
        Search("k8s").Select(q => q.Id).ShouldBe(Search("Kubernetes").Select(q => q.Id));
        Search("postgres").Select(q => q.Id).ShouldBe(Search("PostgreSQL").Select(q => q.Id));
    }

    [Fact]
    public void Every_word_must_match_so_more_words_narrow_the_search()
    {
        var narrow = Search("data quality pipeline");
        narrow.ShouldNotBeEmpty();
        narrow.Count.ShouldBeLessThan(Search("pipeline").Count);
        narrow.ShouldAllBe(q => Search("pipeline").Contains(q) && Search("data quality").Contains(q));
        Search("zebra quality").ShouldBeEmpty();
    }

    [Fact]
    public void A_blank_query_keeps_everything_in_order() =>
        Search("  ").ShouldBe(QuestionBank.Default.Questions);

    [Fact]
    public void Overlap_names_similar_wording_and_the_same_topic_but_not_unrelated_questions()
    {
        var search = QuestionSearch.Default;
        search.Overlap("How do you read a query plan?", "sql", ["SQL"], "How would you read a query plan in PostgreSQL?", "sql", ["SQL"])
            .ShouldBe("similar wording");
        search.Overlap("What makes an Airflow task safe to retry?", "orchestration", ["Apache Airflow"],
            "How would you backfill two years of data in Airflow?", "orchestration", ["Apache Airflow"])
            .ShouldBe("same topic (orchestration, Apache Airflow)");
        search.Overlap("What makes an Airflow task safe to retry?", "orchestration", ["Apache Airflow"],
            "Tell me about a conflict with a colleague.", "collaboration", []).ShouldBeNull();
    }
}
