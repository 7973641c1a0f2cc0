using System.Runtime.CompilerServices;
using System.Text;
using Candor.Engine.Ai.Offline;
using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Microsoft.Extensions.AI;

namespace Candor.Engine.Ai.Llm;

/// <summary>
/// An interviewer whose words come from an LLM while its decisions stay with the rules: the offline
/// <see cref="InterviewPolicy"/> chooses follow-up, next question or closing, which question, the tier and the
/// budgets, so every interview is bounded and structured the same way. The model only words the move.
/// </summary>
/// <remarks>
/// The greeting stays scripted. A question is always asked word for word: the model writes only the
/// transition before it. A wording that would hint at the rubric, judge the answer or carry instruction-like
/// text is rejected before the offending word is streamed, and the rules' wording is used instead; so is it
/// when the provider fails. Such moves carry <see cref="Provenance.Offline"/>.
/// </remarks>
public sealed class LlmInterviewer(IChatClient client, LlmOptions options, InterviewPolicy policy) : IInterviewer
{
    private const int MaxOutputTokens = 200;

    public LlmInterviewer(IChatClient client, LlmOptions options)
        : this(client, options, new InterviewPolicy())
    {
    }

    public async Task<NextMove> NextMoveAsync(InterviewContext context, CancellationToken cancellationToken = default)
    {
        NextMove? move = null;
        await foreach (var delta in StreamNextMoveAsync(context, cancellationToken))
        {
            move = delta.Move ?? move;
        }

        return move!;
    }

    public async IAsyncEnumerable<InterviewerDelta> StreamNextMoveAsync(InterviewContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var decided = policy.Decide(context) with { Provenance = Provenance.Offline };
        var request = decided.Kind == MoveKind.Introduce ? null : Request(context, decided);
        if (request is null)
        {
            foreach (var delta in OfflineInterviewer.Stream(decided))
            {
                yield return delta;
            }

            yield break;
        }

        var wording = new WordingStream(request.Rules);
        var chatOptions = new ChatOptions { ModelId = options.Model, Temperature = options.Temperature, MaxOutputTokens = MaxOutputTokens };
        var shown = false;
        var failed = false;
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            while (true)
            {
                string? piece;
                var done = false;
                try
                {
                    updates ??= client.GetStreamingResponseAsync(request.Messages, chatOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    if (await updates.MoveNextAsync())
                    {
                        piece = wording.Append(updates.Current.Text);
                    }
                    else
                    {
                        piece = wording.Complete();
                        done = true;
                    }
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Provider error or timeout mid-stream: the candidate gets the rules' wording instead.
                    piece = null;
                }

                if (piece is null)
                {
                    failed = true;
                    break;
                }

                if (piece.Length > 0)
                {
                    shown = true;
                    yield return new InterviewerDelta(piece, null);
                }

                if (done)
                {
                    break;
                }
            }
        }
        finally
        {
            await DisposeQuietlyAsync(updates);
        }

        if (failed)
        {
            if (shown)
            {
                yield return new InterviewerDelta(null, decided, Replaced: true);
            }
            else
            {
                foreach (var delta in OfflineInterviewer.Stream(decided))
                {
                    yield return delta;
                }
            }

            yield break;
        }

        var text = wording.Text;
        if (request.Suffix is { } suffix)
        {
            yield return new InterviewerDelta(" " + suffix, null);
            text = $"{text} {suffix}";
        }

        yield return new InterviewerDelta(null, decided with { Text = text, Provenance = options.ProvenanceFor(PromptLibrary.Interviewer) });
    }

    /// <summary>The prompt, the rules for the wording, and text appended verbatim after it (the question itself).</summary>
    internal sealed record WordingRequest(List<ChatMessage> Messages, WordingRules Rules, string? Suffix);

    internal WordingRequest? Request(InterviewContext context, NextMove decided)
    {
        var byKey = context.Plan.ToDictionary(q => q.Key, StringComparer.Ordinal);
        var question = decided.QuestionKey is { } key ? byKey.GetValueOrDefault(key) : null;
        var task = new StringBuilder();
        WordingRules rules;
        string? suffix = null;
        switch (decided.Kind)
        {
            case MoveKind.FollowUp when question is not null:
                var said = string.Join("\n\n", context.Turns.Where(t => t.QuestionKey == question.Key && t.Answer is not null).Select(t => t.Answer));
                rules = new WordingRules(FollowUpPlanner.ForbiddenTerms(question, said), 400, NoJudgement: true, NoQuestion: false, MustAsk: true);
                task.Append("Your move: ask ONE short follow-up question (one or two sentences, ending with a question mark) on the current question, ")
                    .Append("grounded in what the candidate just said.\n")
                    .Append("Current question: ").Append(question.Text).Append('\n')
                    .Append("Why a follow-up: ").Append(Why(decided.Reason)).Append('\n')
                    .Append("The planned probe, which you may rephrase to fit their answer: \"").Append(decided.Text).Append("\"\n")
                    .Append("Follow-up guide (for you only; never quote it, never name anything they have not mentioned): ").Append(question.FollowUpGuide).Append('\n');
                break;
            case MoveKind.AskQuestion when question is not null:
                rules = new WordingRules(FollowUpPlanner.ForbiddenTerms(question, string.Empty), 200, NoJudgement: true, NoQuestion: true, MustAsk: false);
                suffix = question.Text;
                task.Append("Your move: write ONE short, neutral transition sentence (at most 20 words, no question mark) leading into the next question. ")
                    .Append("Do not ask, repeat or paraphrase the question: it is added after your sentence word for word. ")
                    .Append("Do not comment on the quality of any answer.\n")
                    .Append("Next question (for context): ").Append(question.Text).Append('\n');
                break;
            case MoveKind.Close:
                rules = new WordingRules(new HashSet<string>(StringComparer.Ordinal), 500, NoJudgement: false, NoQuestion: true, MustAsk: false);
                var name = InterviewScript.FirstName(context.CandidateName);
                task.Append("Your move: close the interview warmly in two or three sentences. ")
                    .Append(decided.CloseReason == CloseReason.EndedByCandidate
                        ? "The candidate asked to stop early; accept that graciously. "
                        : decided.CloseReason == CloseReason.PlanComplete ? "All the questions have been asked. " : "The time for the interview is up. ")
                    .Append("Thank ").Append(name.Length == 0 ? "the candidate" : name).Append(" for their time and say the hiring team at ")
                    .Append(context.OrganizationName).Append(" will review the interview and be in touch about next steps. ")
                    .Append("Do not comment on how they did and do not promise any outcome. Ask nothing.\n");
                break;
            default:
                return null;
        }

        var user = new StringBuilder()
            .Append("Interview for the ").Append(context.JobTitle).Append(" role at ").Append(context.OrganizationName).Append(".\n\n")
            .Append(ConversationWindow.Build(context.Turns, context.Plan, options.MaxPromptTokens))
            .Append('\n').Append(task)
            .Append("Reply with only the words to say.");
        List<ChatMessage> messages = [new(ChatRole.System, PromptLibrary.Interviewer.Text), new(ChatRole.User, user.ToString())];
        return new WordingRequest(messages, rules, suffix);
    }

    private static string Why(FollowUpReason? reason) => reason switch
    {
        FollowUpReason.TooShort => "the answer was too short to judge (or silent); gently invite them to say more, and make clear moving on is fine.",
        FollowUpReason.MissingStar => "their story is missing a part (the planned probe says which); ask for that part.",
        FollowUpReason.UncoveredPoint => "part of the topic is unexplored; probe for more depth without naming anything they have not mentioned.",
        _ => "the answer had no concrete example or detail; ask for a specific one.",
    };

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate>? updates)
    {
        if (updates is null)
        {
            return;
        }

        try
        {
            await updates.DisposeAsync();
        }
        catch (Exception)
        {
            // A broken stream may also fail to close; the move has already been decided either way.
        }
    }
}
