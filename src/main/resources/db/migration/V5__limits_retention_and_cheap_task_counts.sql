-- Issue 12 (hardening): per-project limits and quotas, the state of the limits shared by all replicas,
-- task counts recounted by one replica for everyone's gauges, and indexes for the retention job.
-- See docs/hardening-notes.md.

create table project_limits (
    project_id            bigint      primary key references projects on delete cascade,
    polls_per_second      integer,
    creates_per_minute    integer,
    max_unfinished_tasks  integer,
    video_seconds_per_day integer,
    updated_at            timestamptz not null default now(),
    constraint project_limits_not_negative check (
        coalesce(polls_per_second, 0) >= 0 and coalesce(creates_per_minute, 0) >= 0
        and coalesce(max_unfinished_tasks, 0) >= 0 and coalesce(video_seconds_per_day, 0) >= 0)
);

comment on table project_limits is
    'Per-project limits, set with "limits set --project P ...". No row, or a null column: the gateway''s configured default (videorelay.limits.*) applies. Changes apply within videorelay.limits.cache-ttl.';
comment on column project_limits.project_id is 'The project these limits apply to; the row goes when the project does.';
comment on column project_limits.polls_per_second is
    'GET requests on /v1/videos and below per second, per gateway replica (in memory); 429 rate_limit_exceeded beyond. 0 refuses all.';
comment on column project_limits.creates_per_minute is
    'Creates per minute across all replicas (bucket in rate_limit_buckets); 429 rate_limit_exceeded beyond. 0 refuses all.';
comment on column project_limits.max_unfinished_tasks is
    'Tasks that may be queued or in progress at once (deleted ones do not count); 429 rate_limit_exceeded beyond.';
comment on column project_limits.video_seconds_per_day is
    'Seconds of video that may be requested per UTC day across all replicas; 429 insufficient_quota beyond, until midnight UTC.';
comment on column project_limits.updated_at is 'When an admin last changed this row.';

-- Bucket4j's table (bucket4j_jdk17-postgresql, select-for-update mode): one row per token bucket.
create table rate_limit_buckets (
    id         text   primary key,
    state      bytea,
    expires_at bigint
);

comment on table rate_limit_buckets is
    'Token buckets shared by all replicas, kept by the Bucket4j library: creates per minute and video seconds per day, per project. Safe to delete rows: the bucket starts full again.';
comment on column rate_limit_buckets.id is 'Which bucket, e.g. creates:42 or video-seconds:42:2026-12-02 (project id 42).';
comment on column rate_limit_buckets.state is 'The bucket''s state in Bucket4j''s binary format; not meant to be read by people.';
comment on column rate_limit_buckets.expires_at is 'When the row may be removed (unix milliseconds): the bucket would be full again by then.';

create table task_status_counts (
    status     text        primary key,
    tasks      bigint      not null,
    counted_at timestamptz not null
);

comment on table task_status_counts is
    'How many video_tasks rows are in each status, recounted by one gateway replica at a time (every videorelay.metrics.task-counts-refresh); every replica''s videorelay_tasks gauges read it.';
comment on column task_status_counts.status is 'queued, in_progress, completed, failed or cancelled.';
comment on column task_status_counts.tasks is 'Number of tasks in that status when counted.';
comment on column task_status_counts.counted_at is 'When the count was taken.';

-- Create admission: a project's unfinished tasks, counted on every create.
create index video_tasks_unfinished_by_project on video_tasks (project_id)
    where status in ('queued', 'in_progress') and deleted_at is null;

-- Retention job: rows past their expiry or deletion, found without scanning the table.
create index video_tasks_expires_at on video_tasks (expires_at) where expires_at is not null;
create index video_tasks_deleted_at on video_tasks (deleted_at) where deleted_at is not null;
create index video_tasks_finished_unexpiring on video_tasks (coalesce(completed_at, updated_at))
    where status in ('failed', 'cancelled') and expires_at is null;
