-- Human review of interview results (score overrides and hiring decisions, both append-only audit trails:
-- the latest row wins, earlier rows stay as history) and read-only report links shared outside the workspace.

CREATE TABLE score_overrides (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    interview_id    uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    -- The scored turn whose criterion was overridden, and its plan question (kept for reading the trail plainly).
    turn_id         uuid NOT NULL REFERENCES interview_turns(id) ON DELETE CASCADE,
    question_key    text,
    criterion       text NOT NULL,
    ai_score        integer NOT NULL CHECK (ai_score BETWEEN 0 AND 100),
    human_score     integer NOT NULL CHECK (human_score BETWEEN 0 AND 100),
    note            text NOT NULL CHECK (length(btrim(note)) > 0),
    user_id         uuid NOT NULL,
    user_name       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_score_overrides_interview ON score_overrides (interview_id, created_at);

CREATE TABLE review_decisions (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    interview_id    uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    decision        text NOT NULL CHECK (decision IN ('advance', 'reject', 'hold')),
    note            text NOT NULL DEFAULT '',
    user_id         uuid NOT NULL,
    user_name       text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_review_decisions_interview ON review_decisions (interview_id, created_at);

-- An audit trail is only one if nobody rewrites it. Deleting stays possible so an organisation (or an
-- interview, for erasure requests) can still be removed as a whole by cascade.
CREATE FUNCTION refuse_audit_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER score_overrides_append_only BEFORE UPDATE ON score_overrides FOR EACH ROW EXECUTE FUNCTION refuse_audit_update();
CREATE TRIGGER review_decisions_append_only BEFORE UPDATE ON review_decisions FOR EACH ROW EXECUTE FUNCTION refuse_audit_update();

CREATE TABLE report_shares (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    interview_id    uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    -- SHA-256 of the 32-byte random token in the link; the token itself is shown once and never stored.
    token_hash      text NOT NULL UNIQUE,
    created_by      uuid NOT NULL,
    created_by_name text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    revoked_at      timestamptz
);
CREATE INDEX ix_report_shares_interview ON report_shares (interview_id, created_at DESC);
