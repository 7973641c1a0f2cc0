-- Stage types renamed (issue 12): technical → technical_ai_assisted, conversational → ai_conversational. The API still
-- accepts the old names as aliases; stored values move to the new ones so every row reads as the enum's wire name.
UPDATE jobs SET stage_type = 'technical_ai_assisted' WHERE stage_type = 'technical';
UPDATE jobs SET stage_type = 'ai_conversational' WHERE stage_type = 'conversational';
UPDATE interviews SET stage_type = 'technical_ai_assisted' WHERE stage_type = 'technical';
UPDATE interviews SET stage_type = 'ai_conversational' WHERE stage_type = 'conversational';

-- The app always writes the stage; a row written without one is the least surprising kind (no room, no voice).
ALTER TABLE jobs ALTER COLUMN stage_type SET DEFAULT 'behavioural';
ALTER TABLE interviews ALTER COLUMN stage_type SET DEFAULT 'behavioural';
ALTER TABLE jobs ADD CONSTRAINT ck_jobs_stage_type CHECK (stage_type IN ('behavioural', 'technical_ai_assisted', 'ai_conversational'));
ALTER TABLE interviews ADD CONSTRAINT ck_interviews_stage_type CHECK (stage_type IN ('behavioural', 'technical_ai_assisted', 'ai_conversational'));

-- AI-assisted technical rooms are counted per organisation and month beside interviews, against the plan's own limit.
ALTER TABLE organization_usage ADD COLUMN technical_rooms_opened integer NOT NULL DEFAULT 0;

-- The room a technical stage opened for its interview (as opposed to rooms made by POST /rooms, which may name an
-- interview too). A stage opens at most one room per interview (scheduling and the candidate's POST …/room race safely on this).
ALTER TABLE rooms ADD COLUMN stage_room boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX ix_rooms_stage_interview ON rooms (interview_id) WHERE stage_room;
