-- An organisation's own AI provider, set by its Admin on /app/settings. When present with a provider it is the
-- top layer over Candor:Ai configuration. The provider's API key is encrypted at rest (AES-GCM, see SecretProtector,
-- bound to the organisation id); it is never returned by any page or endpoint.

CREATE TABLE organization_ai_settings (
    organization_id   uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
    provider          text NOT NULL CHECK (provider IN ('none', 'openai', 'anthropic')),
    base_url          text,
    model             text,
    api_key_encrypted text,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    updated_by        uuid
);
