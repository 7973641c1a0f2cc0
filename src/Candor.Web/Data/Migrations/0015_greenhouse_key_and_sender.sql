-- The completion PATCH authenticates as Greenhouse's own example does: the organisation's Greenhouse key (the Candor
-- API key Greenhouse sends as its Basic user name) with a blank password. Keys are stored only hashed, so each
-- send_test keeps the key it arrived with, encrypted (AES-256-GCM under Candor:Secrets:Key, bound to the interview id).
ALTER TABLE greenhouse_assessments
    ADD COLUMN api_key_id        uuid REFERENCES api_keys(id) ON DELETE SET NULL,
    ADD COLUMN api_key_encrypted text,
    -- send_test's sent_by: the e-mail of the Greenhouse user who sent the test.
    ADD COLUMN sent_by           text;
