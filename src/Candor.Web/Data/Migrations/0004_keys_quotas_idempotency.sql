-- API key rotation, monthly usage quotas and Idempotency-Key storage for the integration API.

-- A rotated key keeps working until expires_at (its grace period), then stops like a revoked one.
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
-- Set once a key is rotated, so a key is rotated at most once and the lineage is visible.
ALTER TABLE api_keys ADD COLUMN replaced_by_id uuid REFERENCES api_keys(id);

-- One counter row per organisation and calendar month (UTC). Schedules increment it with
-- INSERT … ON CONFLICT … DO UPDATE … WHERE count < limit, which is atomic under concurrency.
CREATE TABLE organization_usage (
    organization_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    period_start         date NOT NULL,
    interviews_scheduled integer NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, period_start)
);
CREATE INDEX ix_organization_usage_period ON organization_usage (period_start);

-- Stored results of POSTs sent with an Idempotency-Key, replayed for 24 hours.
CREATE TABLE idempotency_keys (
    api_key_id          uuid NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
    key                 text NOT NULL,
    request_fingerprint text NOT NULL,
    status              text NOT NULL CHECK (status IN ('in_progress', 'completed')),
    response_status     integer,
    response_headers    jsonb,
    response_body       bytea,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    PRIMARY KEY (api_key_id, key)
);
CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
