-- Each replica keeps polled tasks in memory (com.videorelay.video.PollCache)
-- and drops one as soon as any writer, on any replica or by hand, changes what a poll would show or
-- deletes the row. The notification is sent at commit; the payload is the task's id.
-- Writes that only move the sync's bookkeeping (next_sync_at, leases, failures) do not notify.

create function notify_video_task_changed() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('videorelay_video_tasks', old.id);
    return null;
end
$$;

comment on function notify_video_task_changed() is
    'NOTIFY videorelay_video_tasks, <task id>: tells every replica''s poll cache to forget the task.';

create trigger video_tasks_changed_for_polls
    after update on video_tasks
    for each row
    when ((old.id, old.project_id, old.model, old.status, old.progress, old.created_at, old.completed_at,
           old.expires_at, old.prompt, old.seconds, old.size, old.remixed_from_video_id, old.error_code,
           old.error_message, old.deleted_at, old.submission_state)
          is distinct from
          (new.id, new.project_id, new.model, new.status, new.progress, new.created_at, new.completed_at,
           new.expires_at, new.prompt, new.seconds, new.size, new.remixed_from_video_id, new.error_code,
           new.error_message, new.deleted_at, new.submission_state))
execute function notify_video_task_changed();

create trigger video_tasks_deleted_for_polls
    after delete on video_tasks
    for each row
execute function notify_video_task_changed();
