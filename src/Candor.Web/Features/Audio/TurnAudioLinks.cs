using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Audio;

/// <summary>A turn's two sides as recruiters' signed links; null where there is no audio.</summary>
public sealed record TurnAudioUrls(string? PromptAudioUrl, string? AnswerAudioUrl);

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
                .ToDictionaryAsync(r => r.Id, r => r.AudioKey, cancellationToken);
        var canSpeak = interview.Tools.IsVoice && turns.Any(t => t.PromptAudioKey is null)
            && (await speech.ForOrganizationAsync(interview.OrganizationId, cancellationToken)).TextToSpeech is not null;

        var links = new Dictionary<Guid, TurnAudioUrls>();
        foreach (var turn in turns)
        {
            var prompt = turn.PromptAudioKey is not null || canSpeak
                ? urls.Sign(PromptAudio.WholeKey(interview.OrganizationId, interview.Id, turn.Id))
                : null;
            var answer = turn.AnswerRecordingId is { } id && recordings.TryGetValue(id, out var key) && BlobKey.TryParse(key, out var blob)
                ? urls.Sign(blob)
                : null;
            if (prompt is not null || answer is not null)
            {
                links[turn.Id] = new TurnAudioUrls(prompt, answer);
            }
        }
        return links;
    }
}
