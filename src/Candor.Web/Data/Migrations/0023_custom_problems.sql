-- An organisation's own coding problems (issue 12), beside the built-in bank. The whole problem (statement,
-- starter code, examples, hidden tests, hint ladder, reference solutions) is one jsonb document; hidden tests
-- and reference solutions never leave the API for a candidate.
CREATE TABLE custom_problems (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    slug            text NOT NULL,
    title           text NOT NULL,
    difficulty      text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard')),
    languages       text[] NOT NULL,
    definition      jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, slug)
);
