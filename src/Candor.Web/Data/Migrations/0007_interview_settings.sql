-- Per-job interview settings, snapshotted onto each interview when it is scheduled (like the plan),
-- the candidate's consent, and code written in the candidate's editor, kept with the answer it went with.
ALTER TABLE jobs
    ADD COLUMN stage_type text NOT NULL DEFAULT 'technical',
    ADD COLUMN tools jsonb NOT NULL DEFAULT '{"mode":"text","code_editor":false,"whiteboard":false}';

ALTER TABLE interviews
    ADD COLUMN stage_type text NOT NULL DEFAULT 'technical',
    ADD COLUMN tools jsonb NOT NULL DEFAULT '{"mode":"text","code_editor":false,"whiteboard":false}',
    ADD COLUMN consented_at timestamptz;

ALTER TABLE interview_turns
    ADD COLUMN code text;
