using System.Collections.Frozen;

namespace Candor.Engine.Text;

/// <summary>
/// Words that carry no topic: function words, plus rubric meta-verbs ("mentions", "explains") that appear in
/// expected points but say nothing about the subject, so "Mentions indexes" is matched on "indexes" alone.
/// </summary>
public static class StopWords
{
    private static readonly FrozenSet<string> Words = FrozenSet.ToFrozenSet(
    [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "anything",
        "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
        "but", "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't",
        "doing", "don't", "down", "during", "each", "else", "etc", "even", "ever", "every", "few", "for", "from",
        "further", "get", "gets", "got", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he",
        "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how",
        "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its",
        "itself", "just", "let's", "lot", "lots", "many", "may", "me", "might", "more", "most", "much", "must",
        "mustn't", "my", "myself", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only",
        "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "quite", "rather", "really",
        "same", "shall", "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some",
        "something", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then",
        "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "thing", "things",
        "this", "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "via", "was",
        "wasn't", "we", "we'd", "we'll", "we're", "we've", "well", "were", "weren't", "what", "what's", "when",
        "when's", "where", "where's", "whether", "which", "while", "who", "who's", "whom", "why", "why's",
        "will", "with", "within", "without", "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll",
        "you're", "you've", "your", "yours", "yourself", "yourselves", "e.g", "i.e", "eg", "ie", "vs",
        // Filler words: never topic-bearing.
        "um", "uh", "er", "erm", "hmm", "like", "basically", "actually", "literally", "yeah", "okay", "ok",
        // Rubric meta-vocabulary.
        "mention", "mentions", "mentioned", "explain", "explains", "explained", "describe", "describes",
        "described", "discuss", "discusses", "discussed", "consider", "considers", "considered", "understand",
        "understands", "knows", "know", "note", "notes", "recognise", "recognises", "recognize",
        "recognizes", "identify", "identifies", "candidate", "candidates", "answer", "answers", "strong",
        "good", "clear", "clearly", "appropriate", "appropriately", "ideally", "use", "uses", "using", "used",
        "way", "ways", "e", "g",
    ]);

    public static bool Contains(string token) => Words.Contains(token);
}
