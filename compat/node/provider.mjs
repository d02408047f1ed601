// One video's whole life through the official OpenAI Node SDK, against a gateway relaying to a live
// provider's API (in the tests, that provider's faithful fake). Environment: VIDEORELAY_BASE_URL (…/v1),
// VIDEORELAY_KEY, MODEL, SECONDS, SIZE, and EXPECTED_VIDEO (a file the download must equal).
// Prints one line per check; exits non-zero on the first failure.
import OpenAI, { NotFoundError } from "openai";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const client = new OpenAI({ apiKey: process.env.VIDEORELAY_KEY, baseURL: process.env.VIDEORELAY_BASE_URL, maxRetries: 0 });
const { MODEL: model, SECONDS: seconds, SIZE: size } = process.env;

const listed = await client.models.list();
assert.ok(listed.data.some((m) => m.id === model), `${model} is listed`);
console.log("ok the model is listed");

const created = await client.videos.create({ model, prompt: "A paper boat on a river", seconds, size });
assert.match(created.id, /^video_[0-9a-f]{32}$/);
assert.equal(created.status, "queued");
const deadline = Date.now() + 30_000;
let video = created;
while (video.status !== "completed" && video.status !== "failed") {
  assert.ok(Date.now() < deadline, `${created.id} still ${video.status}`);
  await new Promise((resolve) => setTimeout(resolve, 200));
  video = await client.videos.retrieve(created.id);
}
assert.equal(video.status, "completed");
assert.equal(video.model, model);
assert.equal(video.seconds, seconds);
assert.equal(video.size, size);
console.log("ok create and poll to completed");

const bytes = Buffer.from(await (await client.videos.downloadContent(created.id)).arrayBuffer());
assert.deepEqual(bytes, readFileSync(process.env.EXPECTED_VIDEO));
console.log("ok downloadContent returns the video");

const ids = [];
for await (const item of client.videos.list({ limit: 1 })) ids.push(item.id);
assert.deepEqual(ids, [created.id]);
console.log("ok list");

const deleted = await client.videos.delete(created.id);
assert.deepEqual(deleted, { id: created.id, object: "video.deleted", deleted: true });
try {
  await client.videos.retrieve(created.id);
  assert.fail("expected 404 after delete");
} catch (e) {
  assert.ok(e instanceof NotFoundError, `expected NotFoundError, got ${e}`);
}
console.log("ok delete, then NotFoundError");
