-- Idempotency-Key made crash-safe (issue 8). A key is now claimed by a transaction-scoped advisory lock, and
-- its response is written in the same transaction as the request's work: a row always holds a finished
-- response, and a request that dies before committing leaves nothing. So the 'in_progress' status goes.
-- Responses are stored encrypted from now on (AES-GCM under Candor:Secrets:Key). Rows written before held
-- their bodies in clear, secrets and candidate links included, so they are dropped with the old columns.
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys DROP COLUMN status;
ALTER TABLE idempotency_keys DROP COLUMN response_body;
ALTER TABLE idempotency_keys ALTER COLUMN response_status SET NOT NULL;
ALTER TABLE idempotency_keys ALTER COLUMN response_headers SET NOT NULL;
ALTER TABLE idempotency_keys ADD COLUMN response_body_ciphertext text NOT NULL;
