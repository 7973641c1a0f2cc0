-- Speech calls are accounted in ai_usage beside the LLM calls (roles speech_to_text and text_to_speech):
-- the seconds of audio heard or spoken, and the voice a text-to-speech call used.

ALTER TABLE ai_usage ADD COLUMN audio_seconds numeric(10,3);
ALTER TABLE ai_usage ADD COLUMN voice text;
