-- Greenhouse Assessment Partner integration: one row per test Greenhouse sent through send_test.
-- partner_interview_id is the interview id, so the interview is the key.
CREATE TABLE greenhouse_assessments (
    interview_id      uuid PRIMARY KEY REFERENCES interviews(id) ON DELETE CASCADE,
    organization_id   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    partner_test_id   text NOT NULL,
    -- Where we PATCH "test completed"; validated (http(s), public address) when received and again at connect time.
    callback_url      text NOT NULL,
    -- first_name, last_name, email, phone_number, resume_url, greenhouse_profile_url as Greenhouse sent them.
    candidate         jsonb NOT NULL,
    status            text NOT NULL DEFAULT 'sent',
    created_at        timestamptz NOT NULL DEFAULT now(),
    last_callback_at  timestamptz,
    callback_attempts integer NOT NULL DEFAULT 0,
    last_error        text
);
-- Greenhouse retries send_test for the same take-home test with the same url: answer with the same interview.
CREATE UNIQUE INDEX ux_greenhouse_assessments_callback ON greenhouse_assessments (organization_id, callback_url);
