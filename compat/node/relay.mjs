// The whole Videos API through the official OpenAI Node SDK, against a gateway relaying to its
// simulator. Environment: VIDEORELAY_BASE_URL (…/v1), VIDEORELAY_KEY (a key of a project with no
// videos yet), SIMULATOR_MEDIA (the directory of the simulator's files, to compare downloads with).
// Prints one line per check; exits non-zero on the first failure.
import OpenAI, { NotFoundError, toFile } from "openai";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const client = new OpenAI({ apiKey: process.env.VIDEORELAY_KEY, baseURL: process.env.VIDEORELAY_BASE_URL, maxRetries: 0 });
const media = process.env.SIMULATOR_MEDIA;

async function finished(id) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const video = await client.videos.retrieve(id);
    if (video.status === "completed" || video.status === "failed") return video;
    assert.ok(Date.now() < deadline, `${id} still ${video.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const created = await client.videos.create({ prompt: "A lighthouse in a storm", seconds: "4", size: "1280x720" });
assert.match(created.id, /^video_[0-9a-f]{32}$/);
assert.equal(created.status, "queued");
const done = await finished(created.id);
assert.equal(done.status, "completed");
assert.equal(done.size, "1280x720");
console.log("ok create and poll to completed");

const video = Buffer.from(await (await client.videos.downloadContent(created.id)).arrayBuffer());
assert.deepEqual(video, readFileSync(join(media, "video.mp4")));
const thumbnail = Buffer.from(await (await client.videos.downloadContent(created.id, { variant: "thumbnail" })).arrayBuffer());
assert.deepEqual(thumbnail, readFileSync(join(media, "thumbnail.webp")));
console.log("ok downloadContent returns the MP4 and the thumbnail");

const upload = await toFile(readFileSync(join(media, "thumbnail.webp")), "reference.webp", { type: "image/webp" });
const withFile = await client.videos.create({ prompt: "Animate this", input_reference: upload });
assert.equal((await finished(withFile.id)).status, "completed");
console.log("ok create with an uploaded reference");

const newestFirst = [];
for await (const item of client.videos.list({ limit: 1 })) newestFirst.push(item.id);
assert.deepEqual(newestFirst, [withFile.id, created.id]);
const oldestFirst = [];
for await (const item of client.videos.list({ limit: 1, order: "asc" })) oldestFirst.push(item.id);
assert.deepEqual(oldestFirst, [created.id, withFile.id]);
console.log("ok list pages in both orders");

const remix = await client.videos.remix(created.id, { prompt: "The same lighthouse at dawn" });
assert.equal(remix.remixed_from_video_id, created.id);
console.log("ok remix");

const deleted = await client.videos.delete(created.id);
assert.deepEqual(deleted, { id: created.id, object: "video.deleted", deleted: true });
try {
  await client.videos.retrieve(created.id);
  assert.fail("expected 404 after delete");
} catch (e) {
  assert.ok(e instanceof NotFoundError, `expected NotFoundError, got ${e}`);
  assert.equal(e.code, "video_not_found");
}
console.log("ok delete, then NotFoundError");

const failing = await client.videos.create({ prompt: "This one should [fail]" });
const failed = await finished(failing.id);
assert.equal(failed.status, "failed");
assert.equal(failed.error.code, "simulated_failure");
console.log("ok a failing prompt ends failed with its error");
