using Candor.Engine.Text;

namespace Candor.Engine.Scoring.Injection;

/// <summary>
/// Finds attempts to instruct the interviewer or evaluator in candidate text, and takes them out. Candidate
/// text is data: whatever it tells the AI, the scorers see it without the injected parts, so an injected
/// answer never scores higher than the same answer without the injection.
/// </summary>
/// <remarks>
/// The text is first folded to what a reader perceives (<see cref="DetectionText"/>: homoglyphs, full-width
/// letters, invisible and bidi characters), then five detectors run over it: known phrasings
/// (<see cref="InjectionPatterns"/>), fake chat turns as whole blocks (<see cref="RoleBlocks"/>), JSON in the evaluator's shape as whole objects
/// (<see cref="EvaluatorJson"/>), orders aimed
/// at the evaluation by meaning (<see cref="IntentDetector"/>), and base64 segments whose decoded text is an
/// injection (<see cref="EncodedPayloads"/>). Whatever they find is widened to whole sentences of the original
/// text, which are both the evidence and what <see cref="InjectionScan.CleanText"/> leaves out.
/// </remarks>
public static class InjectionDetector
{
    private const int MaxDecodeDepth = 1;

    /// <summary>How many fixed patterns are checked (besides blocks, intent rules and decoding).</summary>
    public static int PatternCount => InjectionPatterns.Count;

    /// <summary>Everything found in <paramref name="text"/>, and the text without it.</summary>
    public static InjectionScan Scan(string? text)
    {
        text ??= string.Empty;
        var sentences = SentenceSplitter.Split(text);
        var spans = new List<(InjectionKind Kind, int Start, int End)>();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var detection = DetectionText.From(text);
            foreach (var (kind, start, end) in Locate(detection.Text, depth: 0))
            {
                var (from, to) = detection.ToSource(start, end);
                spans.Add((kind, from, to));
            }
        }

        if (spans.Count == 0)
        {
            return new InjectionScan(text, Join(text, sentences), [], sentences, []);
        }

        var findings = Findings(text, sentences, spans);
        var removed = sentences.Where(s => findings.Any(f => f.Start < s.End && f.End > s.Start)).ToList();
        var kept = sentences.Where(s => !removed.Contains(s)).ToList();
        return new InjectionScan(text, Join(text, kept), findings, kept, removed);
    }

    /// <summary>The attempts found, each with its evidence; empty when the text is clean.</summary>
    public static IReadOnlyList<InjectionFinding> Detect(string? text) => Scan(text).Findings;

    /// <summary>The text without the injected parts.</summary>
    public static string Clean(string? text) => Scan(text).CleanText;

    /// <summary>True when the text contains any injection attempt.</summary>
    public static bool Contains(string? text) => Scan(text).Found;

    /// <summary>The sentences of <paramref name="text"/> (exact substrings) that an injection attempt touches.</summary>
    public static IReadOnlyList<Sentence> FindSentences(string? text) => Scan(text).Removed;

    private static IEnumerable<(InjectionKind Kind, int Start, int End)> Locate(string text, int depth)
    {
        foreach (var hit in InjectionPatterns.Find(text))
        {
            yield return hit;
        }

        foreach (var (start, end) in RoleBlocks.Find(text))
        {
            yield return (InjectionKind.RoleBlock, start, end);
        }

        foreach (var (start, end) in EvaluatorJson.Find(text))
        {
            yield return (InjectionKind.FakeEvaluation, start, end);
        }

        foreach (var hit in IntentDetector.Find(text))
        {
            yield return hit;
        }

        if (depth < MaxDecodeDepth)
        {
            foreach (var (start, end, decoded) in EncodedPayloads.Find(text))
            {
                if (Locate(DetectionText.From(decoded).Text, depth + 1).Any())
                {
                    yield return (InjectionKind.EncodedPayload, start, end);
                }
            }
        }
    }

    /// <summary>
    /// Widens every hit to the sentences it touches and merges hits whose sentences overlap into one finding,
    /// named after its widest hit (a fake role block names everything inside it).
    /// </summary>
    private static List<InjectionFinding> Findings(string text, IReadOnlyList<Sentence> sentences, List<(InjectionKind Kind, int Start, int End)> spans)
    {
        var widened = new List<(InjectionKind Kind, int Start, int End, int Width)>();
        foreach (var (kind, start, end) in spans)
        {
            var touched = sentences.Where(s => start < s.End && end > s.Start).ToList();
            if (touched.Count > 0)
            {
                widened.Add((kind, touched[0].Start, touched[^1].End, end - start));
            }
        }

        var findings = new List<InjectionFinding>();
        foreach (var group in Merge(widened.OrderBy(w => w.Start).ThenByDescending(w => w.End).ToList()))
        {
            var named = group.Members.OrderByDescending(m => m.Width).ThenBy(m => m.Kind).First();
            findings.Add(new InjectionFinding(named.Kind, group.Start, group.End - group.Start, text[group.Start..group.End]));
        }

        return findings;
    }

    private static IEnumerable<(int Start, int End, List<(InjectionKind Kind, int Start, int End, int Width)> Members)> Merge(
        List<(InjectionKind Kind, int Start, int End, int Width)> ordered)
    {
        var members = new List<(InjectionKind Kind, int Start, int End, int Width)>();
        int start = 0, end = 0;
        foreach (var span in ordered)
        {
            if (members.Count > 0 && span.Start >= end)
            {
                yield return (start, end, members);
                members = [];
            }

            if (members.Count == 0)
            {
                (start, end) = (span.Start, span.End);
            }

            end = Math.Max(end, span.End);
            members.Add(span);
        }

        if (members.Count > 0)
        {
            yield return (start, end, members);
        }
    }

    /// <summary>The sentences, each followed by the spacing that followed it in the original (see <see cref="InjectionScan.CleanText"/>).</summary>
    private static string Join(string text, IReadOnlyList<Sentence> kept)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < kept.Count; i++)
        {
            if (i > 0)
            {
                var gapStart = kept[i - 1].End;
                var gapEnd = gapStart;
                while (gapEnd < text.Length && char.IsWhiteSpace(text[gapEnd]))
                {
                    gapEnd++;
                }

                builder.Append(gapEnd > gapStart ? text.AsSpan(gapStart, gapEnd - gapStart) : " ");
            }

            builder.Append(kept[i].Text);
        }

        return builder.ToString();
    }
}
