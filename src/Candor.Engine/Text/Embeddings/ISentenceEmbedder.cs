namespace Candor.Engine.Text.Embeddings;

/// <summary>
/// Turns sentences into unit-length vectors whose dot product measures closeness of meaning. The scorer's only
/// window on the model, so the engine stays testable with a small deterministic embedder.
/// </summary>
public interface ISentenceEmbedder
{
    /// <summary>Names the model, so cached analyses from different embedders never mix.</summary>
    string Name { get; }

    /// <summary>One unit-length vector per sentence, in order.</summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<string> sentences);
}

public static class Vectors
{
    /// <summary>Cosine similarity of two unit-length vectors.</summary>
    public static double Cosine(float[] a, float[] b)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(a.Length, b.Length);
        var dot = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }
}
