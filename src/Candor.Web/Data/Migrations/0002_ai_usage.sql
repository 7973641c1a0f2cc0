-- One row per LLM call (retries included in the one call): who spent what, on which interview, and how it went.

CREATE TABLE ai_usage (
    id              bigserial PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    interview_id    uuid REFERENCES interviews(id) ON DELETE CASCADE,
    provider        text NOT NULL,
    model           text NOT NULL,
    role            text NOT NULL,
    input_tokens    integer NOT NULL DEFAULT 0,
    output_tokens   integer NOT NULL DEFAULT 0,
    latency_ms      integer NOT NULL,
    cost_usd        numeric(12,6) NOT NULL DEFAULT 0,
    succeeded       boolean NOT NULL,
    error           text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_ai_usage_organization_created ON ai_usage (organization_id, created_at);
CREATE INDEX ix_ai_usage_interview ON ai_usage (interview_id);
