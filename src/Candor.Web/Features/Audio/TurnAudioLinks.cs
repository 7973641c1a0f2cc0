using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Audio;

/// <summary>A turn's two sides as recruiters' signed links; null where there is no audio.</summary>
/// <param name="SpeakingPaceWpm">The spoken answer's pace, words a minute over its recording; see <see cref="SpeakingPace"/>.</param>
public sealed record TurnAudioUrls(string? PromptAudioUrl, string? AnswerAudioUrl, int? SpeakingPaceWpm = null);

/// <summary>
/// Speaking pace, shown to the recruiter for context and never scored (issue 9: no judgement of how a candidate
/// sounds). Only for an answer that is the recogniser's own words (a corrected or typed answer is not speech), over
/// the whole recording, pauses included: an approximate figure, which is all it is offered as.
/// </summary>
public static class SpeakingPace
{
    /// <summary>Recordings shorter than this give no meaningful rate.</summary>
    private const int MinimumMs = 1000;

    public static int? WordsPerMinute(string? answer, int recordingMs)
    {
        if (string.IsNullOrWhiteSpace(answer) || recordingMs < MinimumMs)
        {
            return null;
        }
        var words = answer.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return (int)Math.Round(words / (recordingMs / 60_000.0));
    }
}

/// <summary>
/// Signs the audio links of an interview's turns for the recruiter's results and the report_ready webhook. The
/// candidate's side is the recording their answer came from; the interviewer's side is the turn's synthesised
/// audio, offered for every turn of a voice interview while text-to-speech is on (made on first play if needed).
/// </summary>
public sealed class TurnAudioLinks(CandorDbContext db, ISpeechProviders speech, AudioUrls urls)
{
    public async Task<IReadOnlyDictionary<Guid, TurnAudioUrls>> ForAsync(Interview interview, IReadOnlyCollection<InterviewTurn> turns, CancellationToken cancellationToken)
    {
        var recordingIds = turns.Where(t => t.AnswerRecordingId is not null).Select(t => t.AnswerRecordingId!.Value).ToList();
        var recordings = recordingIds.Count == 0
            ? []
            : await db.VoiceRecordings.AsNoTracking().Where(r => recordingIds.Contains(r.Id))
                .ToDictionaryAsync(r => r.Id, r => (r.AudioKey, r.DurationMs), cancellationToken);
        var canSpeak = interview.Tools.IsVoice && turns.Any(t => t.PromptAudioKey is null)
            && (await speech.ForOrganizationAsync(interview.OrganizationId, cancellationToken)).TextToSpeech is not null;

        var links = new Dictionary<Guid, TurnAudioUrls>();
        foreach (var turn in turns)
        {
            var prompt = turn.PromptAudioKey is not null || canSpeak
                ? urls.Sign(PromptAudio.WholeKey(interview.OrganizationId, interview.Id, turn.Id))
                : null;
            var recording = turn.AnswerRecordingId is { } id && recordings.TryGetValue(id, out var found) ? found : default;
            var answer = recording.AudioKey is { } key && BlobKey.TryParse(key, out var blob) ? urls.Sign(blob) : null;
            // The recogniser's confidence stays only when the answer is the words it heard: then the pace is the candidate's speech.
            var pace = answer is not null && turn.SpeechConfidence is not null ? SpeakingPace.WordsPerMinute(turn.Answer, recording.DurationMs) : null;
            if (prompt is not null || answer is not null)
            {
                links[turn.Id] = new TurnAudioUrls(prompt, answer, pace);
            }
        }
        return links;
    }
}
