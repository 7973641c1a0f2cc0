-- Webhooks: a transactional outbox of domain events, the organisation's endpoints, one message per
-- endpoint and event (its id is the webhook-id, stable across retries), and a log of every attempt.

CREATE TABLE outbox_events (
    id              uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    type            text NOT NULL,
    -- The exact JSON body receivers get: stored as text so every delivery and retry signs the same bytes.
    payload         text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    dispatched_at   timestamptz
);
CREATE INDEX ix_outbox_events_undispatched ON outbox_events (created_at, id) WHERE dispatched_at IS NULL;
CREATE INDEX ix_outbox_events_organization ON outbox_events (organization_id, created_at DESC);

CREATE TABLE webhook_endpoints (
    id                          uuid PRIMARY KEY,
    organization_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    url                         text NOT NULL,
    description                 text,
    event_types                 text[] NOT NULL DEFAULT '{}',
    enabled                     boolean NOT NULL DEFAULT true,
    disabled_reason             text,
    disabled_at                 timestamptz,
    -- AES-GCM ciphertexts of the whsec_ secrets, never the secrets themselves.
    secret_ciphertext           text NOT NULL,
    previous_secret_ciphertext  text,
    previous_secret_expires_at  timestamptz,
    created_at                  timestamptz NOT NULL DEFAULT now(),
    updated_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_webhook_endpoints_organization ON webhook_endpoints (organization_id, created_at);

CREATE TABLE webhook_messages (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    event_id         uuid NOT NULL REFERENCES outbox_events(id) ON DELETE CASCADE,
    event_type       text NOT NULL,
    status           text NOT NULL DEFAULT 'pending',
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    locked_by        text,
    locked_until     timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    CONSTRAINT ux_webhook_messages_endpoint_event UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_messages_due ON webhook_messages (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX ix_webhook_messages_organization_status ON webhook_messages (organization_id, status, created_at DESC);
CREATE INDEX ix_webhook_messages_event ON webhook_messages (event_id);

CREATE TABLE webhook_delivery_attempts (
    id               bigserial PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    message_id       uuid NOT NULL REFERENCES webhook_messages(id) ON DELETE CASCADE,
    endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    attempt          integer NOT NULL,
    attempted_at     timestamptz NOT NULL,
    status_code      integer,
    latency_ms       integer NOT NULL,
    response_excerpt text,
    error            text,
    succeeded        boolean NOT NULL
);
CREATE INDEX ix_webhook_delivery_attempts_endpoint ON webhook_delivery_attempts (endpoint_id, attempted_at DESC, id DESC);
CREATE INDEX ix_webhook_delivery_attempts_message ON webhook_delivery_attempts (message_id);

-- A new event wakes the delivery workers; they fan it out to the subscribed endpoints.
CREATE FUNCTION notify_outbox_event() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('candor_webhooks', NEW.type);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
    FOR EACH ROW EXECUTE FUNCTION notify_outbox_event();
