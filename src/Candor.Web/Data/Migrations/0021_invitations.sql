-- Invitations (issue 11).
-- Who candidates write to for help or accommodations, named in every invitation. NULL: the recruiter who scheduled
-- the interview (or, for interviews scheduled through the API, the organisation's first Admin).
ALTER TABLE organizations ADD COLUMN candidate_help_email text CHECK (length(candidate_help_email) <= 254);

-- Links retired by "Resend invitation". Only the hash of a token is ever stored; keeping the retired hashes lets an
-- old link say "a newer link was sent to you" instead of "we couldn't find this interview".
CREATE TABLE superseded_interview_links (
    token_hash      text PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    interview_id    uuid NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
    superseded_at   timestamptz NOT NULL
);
CREATE INDEX ix_superseded_interview_links_interview ON superseded_interview_links (interview_id);
