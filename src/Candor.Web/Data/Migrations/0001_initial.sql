-- Candor initial schema. Every tenant-owned table carries organization_id.

CREATE TABLE organizations (
    id              uuid PRIMARY KEY,
    name            text NOT NULL,
    slug            text NOT NULL UNIQUE,
    plan            text NOT NULL DEFAULT 'essential',
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name            text NOT NULL,
    prefix          text NOT NULL UNIQUE,
    key_hash        text NOT NULL,
    scopes          text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz
);
CREATE INDEX ix_api_keys_organization ON api_keys (organization_id);

CREATE TABLE jobs (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title           text NOT NULL,
    description     text NOT NULL,
    industry        text,
    seniority       text NOT NULL,
    role_family     text NOT NULL,
    skills          jsonb NOT NULL DEFAULT '[]',
    provenance      jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_jobs_organization_created ON jobs (organization_id, created_at DESC);

CREATE TABLE job_questions (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    job_id          uuid NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    position        integer NOT NULL,
    text            text NOT NULL,
    competency      text NOT NULL,
    kind            text NOT NULL,
    difficulty      text NOT NULL,
    expected_points jsonb NOT NULL DEFAULT '[]',
    follow_up_guide text NOT NULL DEFAULT '',
    skills          jsonb NOT NULL DEFAULT '[]',
    scenario_type   text,
    bank_id         text,
    source          text NOT NULL
);
CREATE INDEX ix_job_questions_job ON job_questions (job_id, position);

CREATE TABLE interviews (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    job_id           uuid NOT NULL REFERENCES jobs(id),
    candidate_name   text NOT NULL,
    candidate_email  text NOT NULL,
    external_id      text,
    status           text NOT NULL,
    end_reason       text,
    token_hash       text NOT NULL UNIQUE,
    plan             jsonb NOT NULL,
    starting_tier    text NOT NULL,
    mode             text NOT NULL DEFAULT 'text',
    expires_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    last_activity_at timestamptz,
    ended_at         timestamptz,
    report_status    text NOT NULL DEFAULT 'none',
    report           jsonb,
    report_provenance jsonb,
    report_ready_at  timestamptz,
    overall_score    integer,
    recommendation   text
);
CREATE INDEX ix_interviews_organization_created ON interviews (organization_id, created_at DESC);
CREATE INDEX ix_interviews_organization_status ON interviews (organization_id, status);
CREATE INDEX ix_interviews_job ON interviews (job_id);
CREATE INDEX ix_interviews_active ON interviews (status, last_activity_at) WHERE status IN ('scheduled', 'in_progress');

CREATE TABLE interview_turns (
    id                uuid PRIMARY KEY,
    organization_id   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    interview_id      uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    sequence          integer NOT NULL,
    kind              text NOT NULL,
    question_key      text,
    prompt            text NOT NULL,
    answer            text,
    asked_at          timestamptz NOT NULL,
    answered_at       timestamptz,
    follow_up_reason  text,
    tier              text,
    evaluation        jsonb,
    evaluation_provenance jsonb,
    scored_at         timestamptz,
    CONSTRAINT ux_interview_turns_sequence UNIQUE (interview_id, sequence)
);

-- The durable job queue. Claimed with FOR UPDATE SKIP LOCKED; inserts wake workers through NOTIFY.
CREATE TABLE background_jobs (
    id              bigserial PRIMARY KEY,
    kind            text NOT NULL,
    payload         jsonb NOT NULL,
    organization_id uuid,
    dedupe_key      text UNIQUE,
    status          text NOT NULL DEFAULT 'pending',
    attempts        integer NOT NULL DEFAULT 0,
    max_attempts    integer NOT NULL DEFAULT 5,
    run_at          timestamptz NOT NULL DEFAULT now(),
    locked_by       text,
    locked_until    timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX ix_background_jobs_due ON background_jobs (run_at, id) WHERE status = 'pending';
CREATE INDEX ix_background_jobs_dead ON background_jobs (updated_at DESC) WHERE status = 'dead';

CREATE FUNCTION notify_background_job() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('candor_jobs', NEW.kind);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER background_jobs_notify AFTER INSERT ON background_jobs
    FOR EACH ROW EXECUTE FUNCTION notify_background_job();
