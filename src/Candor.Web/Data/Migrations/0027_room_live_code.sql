-- Live code in a room (issue 12, peer mode): the editor's current text, pushed as the candidate types, so the
-- interviewer follows it keystroke by keystroke rather than run by run. One row per room, versioned so a watcher
-- asks "anything newer than version N?" and gets 304 when nothing changed.
CREATE TABLE room_live_code (
    room_id          uuid PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
    organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    code             text NOT NULL,
    language         text NOT NULL,
    version          bigint NOT NULL,
    member_id        uuid REFERENCES room_members(id) ON DELETE SET NULL,
    role             text NOT NULL CHECK (role IN ('candidate', 'interviewer')),
    updated_at       timestamptz NOT NULL
);
