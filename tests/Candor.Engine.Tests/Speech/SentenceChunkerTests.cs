using Candor.Engine.Speech;

namespace Candor.Engine.Tests.Speech;

public class SentenceChunkerTests
{
    [Fact]
    public void A_sentence_is_released_as_soon_as_text_after_it_arrives()
    {
        var chunker = new SentenceChunker();
        chunker.Push("Thanks, that helps").ShouldBeEmpty();
        chunker.Push(". ").ShouldBeEmpty(); // the dot might still be "3.5": wait for what follows
        chunker.Push("How would").ShouldBe(["Thanks, that helps."]);
        chunker.Push(" you index it? And why").ShouldBe(["How would you index it?"]);
        chunker.Flush().ShouldBe(["And why"]);
        chunker.Flush().ShouldBeEmpty();
    }

    [Fact]
    public void Dots_inside_words_numbers_and_abbreviations_do_not_end_a_sentence()
    {
        var pieces = "You mentioned node.js and .NET 3.5, e.g. for the API. Which one did you pick?".Chunk(3).Select(c => new string(c));
        var chunker = new SentenceChunker();
        var sentences = pieces.SelectMany(chunker.Push).ToList();
        sentences.AddRange(chunker.Flush());
        sentences.ShouldBe(["You mentioned node.js and .NET 3.5, e.g. for the API.", "Which one did you pick?"]);
    }

    [Fact]
    public void Streamed_in_any_pieces_the_sentences_are_those_of_the_whole_text()
    {
        const string reply = "Good. Let's go deeper!\nWhat happens when the cache is cold? Walk me through it…  Take your time.";
        var whole = SentenceChunker.Split(reply);
        whole.ShouldBe(["Good.", "Let's go deeper!", "What happens when the cache is cold?", "Walk me through it…", "Take your time."]);
        foreach (var size in new[] { 1, 2, 5, 13, reply.Length })
        {
            var chunker = new SentenceChunker();
            var streamed = reply.Chunk(size).SelectMany(c => chunker.Push(new string(c))).ToList();
            streamed.AddRange(chunker.Flush());
            streamed.ShouldBe(whole, $"pieces of {size}");
        }
    }

    [Fact]
    public void A_run_on_sentence_is_cut_at_a_comma_or_space_once_it_passes_the_limit()
    {
        var chunker = new SentenceChunker(maxChars: 40);
        var released = chunker.Push("When the queue backs up, the workers slow down and the retries pile on top of each other");
        released.ShouldNotBeEmpty();
        released[0].ShouldBe("When the queue backs up,");
        released.ShouldAllBe(s => s.Length <= 40);
        var all = released.Concat(chunker.Flush()).ToList();
        string.Join(" ", all).ShouldBe("When the queue backs up, the workers slow down and the retries pile on top of each other");
    }

    [Fact]
    public void Nothing_in_nothing_out()
    {
        var chunker = new SentenceChunker();
        chunker.Push("").ShouldBeEmpty();
        chunker.Push("   ").ShouldBeEmpty();
        chunker.Flush().ShouldBeEmpty();
        SentenceChunker.Split("").ShouldBeEmpty();
        Should.Throw<ArgumentOutOfRangeException>(() => new SentenceChunker(0));
    }
}
