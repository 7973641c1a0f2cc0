-- The candidate's whiteboard sketch (a PNG, decoded from the data URL they sent), kept with the answer it went with.
-- Recruiters see it on the results page; it is never sent back to the candidate's session.
ALTER TABLE interview_turns
    ADD COLUMN whiteboard_png bytea;
