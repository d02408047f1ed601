-- The relay: each task the gateway creates is submitted to an upstream provider and kept in sync
-- by a background job that any number of gateway replicas share. See README, "Relay".

alter table video_tasks
    add column upstream_name       text,
    add column upstream_video_id   text,
    add column submitted_at        timestamptz,
    add column deleted_at          timestamptz,
    add column upstream_deleted_at timestamptz,
    add column next_sync_at        timestamptz,
    add column last_synced_at      timestamptz,
    add column sync_failures       integer not null default 0,
    add column last_sync_error     text,
    add column leased_by           text,
    add column leased_until        timestamptz,
    add constraint video_tasks_sync_failures_not_negative check (sync_failures >= 0);

comment on column video_tasks.upstream_name is
    'The configured upstream (videorelay.upstreams[].name) the task was sent to. Null for tasks not relayed, e.g. inserted by hand.';
comment on column video_tasks.upstream_video_id is
    'The upstream''s own id for the task; never shown to clients. Null while the gateway is still submitting: such a row is invisible to clients.';
comment on column video_tasks.submitted_at is 'When the upstream accepted the task.';
comment on column video_tasks.deleted_at is
    'When the client deleted the task. A deleted task is invisible to clients (404) but kept for admins.';
comment on column video_tasks.upstream_deleted_at is
    'When the upstream''s copy was deleted. Null with deleted_at set means the gateway is still retrying that delete.';
comment on column video_tasks.next_sync_at is
    'When the background sync next asks the upstream about this task (or deletes its copy). Null: never again. Set it to now() to force a sync.';
comment on column video_tasks.last_synced_at is 'When the background sync last asked the upstream about this task.';
comment on column video_tasks.sync_failures is 'Consecutive failed syncs; the delay before the next one grows with it. Reset by a good answer.';
comment on column video_tasks.last_sync_error is 'Why the last sync failed (cleared by a good one), e.g. upstream timeouts. Never shown to clients.';
comment on column video_tasks.leased_by is 'The gateway instance syncing this task right now, if any.';
comment on column video_tasks.leased_until is
    'The lease on this task ends at this time; after it, another instance may take the task over (e.g. if this one crashed).';

-- The sync job's question, per upstream: which tasks are due? Only rows that still need syncing are indexed.
create index video_tasks_due_for_sync on video_tasks (upstream_name, next_sync_at) where next_sync_at is not null;

-- Listing pages in both orders: scanned forward for order=asc, backward for order=desc. Replaces V1's
-- index, whose mixed directions (created_at desc, id asc) suited neither order with the id tie-breaker.
drop index video_tasks_project_created;
create index video_tasks_project_listing on video_tasks (project_id, created_at, id);

-- The sync rewrites its bookkeeping (next_sync_at, last_synced_at, leases, …) on every poll. If that
-- moved updated_at, a task that has not changed for hours would look fresh, and "stuck" could not be
-- told from "being polled". So updated_at now moves only when something else changes.
create or replace function set_updated_at() returns trigger
    language plpgsql as
$$
begin
    if (new.id, new.project_id, new.model, new.status, new.progress, new.prompt, new.seconds, new.size,
        new.remixed_from_video_id, new.error_code, new.error_message, new.created_at, new.completed_at,
        new.expires_at, new.upstream_name, new.upstream_video_id, new.submitted_at, new.deleted_at,
        new.upstream_deleted_at)
       is distinct from
       (old.id, old.project_id, old.model, old.status, old.progress, old.prompt, old.seconds, old.size,
        old.remixed_from_video_id, old.error_code, old.error_message, old.created_at, old.completed_at,
        old.expires_at, old.upstream_name, old.upstream_video_id, old.submitted_at, old.deleted_at,
        old.upstream_deleted_at) then
        new.updated_at := now();
    end if;
    return new;
end;
$$;

comment on column video_tasks.updated_at is
    'When the task last changed, by the gateway or by hand in psql (a trigger). The sync''s own bookkeeping (next_sync_at, last_synced_at, sync_failures, last_sync_error, leases) does not count.';
