namespace Candor.Engine.Ai.Llm;

/// <summary>
/// How the LLM roles call their model. Timeouts and retries on transport errors belong to whoever builds the
/// <c>IChatClient</c> (the web layer wraps it); the roles only handle bad output and fall back to the rules.
/// </summary>
/// <param name="ProviderName">Recorded in every <see cref="Provenance"/>, e.g. "openai" or "anthropic".</param>
/// <param name="Model">The model id sent to the provider and recorded in every <see cref="Provenance"/>.</param>
public sealed record LlmOptions(string ProviderName, string Model)
{
    /// <summary>Sampling temperature for wording (interviewer, question writer, report writer). The evaluator always uses 0.</summary>
    public float Temperature { get; init; } = 0.3f;

    /// <summary>Evaluations per answer; above 1 the criterion scores of the samples are averaged (1–5).</summary>
    public int EvaluatorSamples { get; init; } = 1;

    /// <summary>Token budget for candidate text in one prompt (transcript or answer), estimated as characters / 4.</summary>
    public int MaxPromptTokens { get; init; } = 6000;

    internal int Samples => Math.Clamp(EvaluatorSamples, 1, 5);

    internal Provenance ProvenanceFor(Prompt prompt) => new(ProviderName, Model, prompt.Version);
}
