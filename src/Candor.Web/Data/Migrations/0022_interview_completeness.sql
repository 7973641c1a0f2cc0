-- How many of its planned questions an interview's candidate answered, as columns the dashboard and the CSV export
-- can read (and filter on) without loading each interview's plan and report. Both are derived from the jsonb the
-- application already writes, so they can never disagree with the report: questions_answered is null until the
-- report is ready.
ALTER TABLE interviews
    ADD COLUMN questions_planned  integer GENERATED ALWAYS AS (jsonb_array_length(plan)) STORED,
    ADD COLUMN questions_answered integer GENERATED ALWAYS AS ((report ->> 'questions_answered')::integer) STORED;
