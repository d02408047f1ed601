-- Vertex AI Veo without a storage-uri answers with the finished video inline (base64) in the operation,
-- which is the only copy: the gateway keeps those bytes here and serves them with Range until they expire.
-- Keyed like video_tasks (upstream_name, upstream_video_id), so neither saving nor serving touches video_tasks.

create table stored_videos (
    upstream_name     text        not null,
    upstream_video_id text        not null,
    content_type      text        not null,
    size              bigint      not null,
    sha256            text        not null,
    content           bytea       not null,
    stored_at         timestamptz not null default now(),
    expires_at        timestamptz not null,
    primary key (upstream_name, upstream_video_id),
    constraint stored_videos_size_matches check (size = octet_length(content)),
    constraint stored_videos_sha256_is_hex check (sha256 ~ '^[0-9a-f]{64}$')
);

-- Uncompressed out-of-line storage: MP4 does not compress, and substring() on it then reads only the
-- TOAST chunks a Range needs instead of the whole video.
alter table stored_videos alter column content set storage external;

create index stored_videos_expires_at on stored_videos (expires_at);

comment on table stored_videos is
    'Videos a provider returned inline (Vertex AI Veo without storage-uri), kept by the gateway until expires_at; the retention job deletes expired rows, a client delete deletes its row.';
comment on column stored_videos.upstream_name is 'The upstream that made the video, as video_tasks.upstream_name.';
comment on column stored_videos.upstream_video_id is 'The provider''s id of the task, as video_tasks.upstream_video_id (Vertex: the operation name).';
comment on column stored_videos.content_type is 'The video''s media type as the provider gave it, e.g. video/mp4.';
comment on column stored_videos.size is 'Bytes in content.';
comment on column stored_videos.sha256 is 'Lowercase hex SHA-256 of content; the download''s ETag is built from it.';
comment on column stored_videos.content is 'The video itself.';
comment on column stored_videos.stored_at is 'When the gateway stored it.';
comment on column stored_videos.expires_at is 'From then on the row may be deleted (the task''s expires_at, plus a minute).';
