-- Voice interviews. Every recording a candidate sends is stored in the blob store and recorded here BEFORE it is
-- transcribed (status 'pending'), so an acknowledged recording is never lost and a crash before transcription is
-- healed on resume. A turn answered by voice points at the recording whose transcript became its answer.
CREATE TABLE voice_recordings (
    id                uuid PRIMARY KEY,
    organization_id   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    interview_id      uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    turn_id           uuid NOT NULL REFERENCES interview_turns(id) ON DELETE CASCADE,
    audio_key         text NOT NULL,
    content_type      text NOT NULL,
    size_bytes        bigint NOT NULL CHECK (size_bytes > 0),
    duration_ms       integer NOT NULL CHECK (duration_ms >= 0),
    -- What the candidate asked for: send the transcript as the answer at once, or hold it for them to confirm.
    submit_when_heard boolean NOT NULL,
    status            text NOT NULL CHECK (status IN ('pending', 'heard', 'not_heard')),
    transcript        text,
    confidence        double precision CHECK (confidence BETWEEN 0 AND 1),
    speech_provider   text,
    speech_model      text,
    speech_to_text_ms integer,
    failure           text,
    created_at        timestamptz NOT NULL,
    transcribed_at    timestamptz
);
CREATE INDEX ix_voice_recordings_turn ON voice_recordings (turn_id, created_at);
-- Signed audio links name the blob key; the recruiter's endpoint finds the recording by it.
CREATE UNIQUE INDEX ix_voice_recordings_audio_key ON voice_recordings (audio_key);
CREATE INDEX ix_voice_recordings_pending ON voice_recordings (interview_id) WHERE status = 'pending';

ALTER TABLE interview_turns
    ADD COLUMN answer_recording_id uuid REFERENCES voice_recordings(id) ON DELETE SET NULL,
    -- The recogniser's confidence in the transcript that became the answer; null when the candidate typed or corrected it.
    ADD COLUMN speech_confidence double precision,
    -- The interviewer's words for this turn as audio, once synthesised (the blob keeps its content type).
    ADD COLUMN prompt_audio_key text,
    -- Per voice turn: speech-to-text, interviewer first token and total, first audio byte, and Candor's own overhead.
    ADD COLUMN voice_latency jsonb;
