-- Every run of a worker process: its node (stable across restarts) and its heartbeat. A background job or webhook
-- message locked by a run that stopped, was replaced by a newer run of its node, or whose heartbeat went stale is
-- taken over at once instead of after its lease runs out.
CREATE TABLE worker_heartbeats (
    worker_id    text PRIMARY KEY,
    node         text NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    stopped_at   timestamptz
);
CREATE INDEX ix_worker_heartbeats_node ON worker_heartbeats (node);
CREATE INDEX ix_background_jobs_running ON background_jobs (locked_by) WHERE status = 'running';
