// Drives a running VideoRelay with the official OpenAI Node SDK, exactly as an application would.
// Environment: VIDEORELAY_BASE_URL (…/v1), VIDEORELAY_KEY, VIDEO_IDS (status=id,… for one project),
// FOREIGN_ID (a task of another project). Prints one line per check; exits non-zero on the first failure.
import OpenAI, { AuthenticationError, NotFoundError } from "openai";
import assert from "node:assert/strict";

const baseURL = process.env.VIDEORELAY_BASE_URL;
const client = new OpenAI({ apiKey: process.env.VIDEORELAY_KEY, baseURL, maxRetries: 0 });
const keys = ["id", "object", "model", "status", "progress", "created_at", "completed_at", "expires_at",
  "prompt", "seconds", "size", "remixed_from_video_id", "error"];

for (const pair of process.env.VIDEO_IDS.split(",")) {
  const [status, id] = pair.split("=");
  const video = await client.videos.retrieve(id);
  assert.equal(video.id, id);
  assert.equal(video.object, "video");
  assert.equal(video.status, status);
  assert.deepEqual(Object.keys(video), keys);
  if (status === "failed") {
    assert.equal(typeof video.error.code, "string");
    assert.equal(typeof video.error.message, "string");
  } else {
    assert.equal(video.error, null);
  }
  console.log(`ok retrieve ${status}`);
}

async function notFound(id) {
  try {
    await client.videos.retrieve(id);
  } catch (e) {
    assert.ok(e instanceof NotFoundError, `expected NotFoundError, got ${e}`);
    assert.equal(e.status, 404);
    assert.equal(e.code, "video_not_found");
    return JSON.stringify(e.error);
  }
  assert.fail(`expected 404 for ${id}`);
}
const unknown = await notFound("video_00000000000000000000000000000000");
console.log("ok unknown id is NotFoundError video_not_found");
assert.equal(await notFound(process.env.FOREIGN_ID), unknown);
console.log("ok foreign id is indistinguishable from unknown");

try {
  await new OpenAI({ apiKey: "sk-vr-wrong-key-0000000000000000", baseURL, maxRetries: 0 }).videos.retrieve("video_x");
  assert.fail("expected 401");
} catch (e) {
  assert.ok(e instanceof AuthenticationError, `expected AuthenticationError, got ${e}`);
  assert.equal(e.code, "invalid_api_key");
}
console.log("ok bad key is AuthenticationError invalid_api_key");
