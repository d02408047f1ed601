-- Read-only views for admins in psql (see README, "Operate"). They read the tables live, so they
-- follow every row as it changes. Project names instead of ids, newest or oldest first as the
-- question needs.

create view task_counts as
select p.name    as project,
       t.status,
       count(*)  as tasks
  from video_tasks t
  join projects p on p.id = t.project_id
 group by p.name, t.status
 order by p.name, t.status;

comment on view task_counts is 'How many tasks each project has in each status (only statuses with at least one task).';
comment on column task_counts.project is 'The project''s name (projects.name).';
comment on column task_counts.status is 'queued, in_progress, completed, failed or cancelled.';
comment on column task_counts.tasks is 'Number of the project''s tasks in that status.';

create view recent_failures as
select t.id,
       p.name as project,
       t.model,
       t.error_code,
       t.error_message,
       t.created_at,
       t.updated_at
  from video_tasks t
  join projects p on p.id = t.project_id
 where t.status = 'failed'
   and t.updated_at > now() - interval '7 days'
 order by t.updated_at desc, t.id;

comment on view recent_failures is 'Tasks that failed in the last 7 days (by updated_at), newest first, with the error clients see.';
comment on column recent_failures.id is 'The task id clients poll (video_tasks.id).';
comment on column recent_failures.project is 'The owning project''s name.';
comment on column recent_failures.error_code is 'Shown to the client as error.code; null when the task failed without one.';
comment on column recent_failures.error_message is 'Shown to the client as error.message.';
comment on column recent_failures.updated_at is 'Last change of the task, i.e. about when it failed.';

create view unfinished_tasks as
select t.id,
       p.name as project,
       t.model,
       t.status,
       t.progress,
       t.created_at,
       t.updated_at,
       floor(extract(epoch from now() - t.updated_at) / 60)::integer as minutes_since_update,
       t.upstream_name,
       t.next_sync_at,
       t.sync_failures,
       t.last_sync_error
  from video_tasks t
  join projects p on p.id = t.project_id
 where t.status in ('queued', 'in_progress')
 order by t.updated_at, t.id;

comment on view unfinished_tasks is 'Tasks still queued or in progress, the longest unchanged first. Stuck ones: where minutes_since_update > 30, or select * from stuck_tasks(30).';
comment on column unfinished_tasks.id is 'The task id clients poll (video_tasks.id).';
comment on column unfinished_tasks.project is 'The owning project''s name.';
comment on column unfinished_tasks.status is 'queued or in_progress.';
comment on column unfinished_tasks.progress is 'Percent complete as clients see it.';
comment on column unfinished_tasks.minutes_since_update is 'Whole minutes since the task last changed (updated_at; the sync''s polling alone does not count as a change).';
comment on column unfinished_tasks.upstream_name is 'The upstream the task was relayed to; null for tasks inserted by hand, which no sync will ever finish.';
comment on column unfinished_tasks.next_sync_at is 'When the sync next asks the upstream; null means never (e.g. the upstream is no longer configured).';
comment on column unfinished_tasks.sync_failures is 'Consecutive failed syncs.';
comment on column unfinished_tasks.last_sync_error is 'Why the last sync failed.';

-- A function rather than a view because "stuck" depends on a threshold the admin picks. The body is
-- parsed now (SQL-standard body), so it finds unfinished_tasks whatever the caller's search_path.
create function stuck_tasks(minutes integer default 30) returns setof unfinished_tasks
    language sql stable
begin atomic
    select *
      from unfinished_tasks u
     where u.minutes_since_update >= stuck_tasks.minutes
     order by u.updated_at, u.id;
end;

comment on function stuck_tasks(integer) is 'Unfinished tasks (queued or in_progress) unchanged for at least this many minutes, 30 by default, the longest unchanged first.';
