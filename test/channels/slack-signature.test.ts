import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackOptionsFromEnv } from '../../src/channels/slack/slack-options.js';
import { verifySlackSignature } from '../../src/channels/slack/slack-signature.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { eventCallback, imMessage, sendSlackEvent, signBody } from '../fakes/fake-slack-events.js';
import { createScriptedEngine, type ScriptedEngine } from './scripted-engine.js';
import { slackTestOptions, startSlackApp, type SlackApp } from './slack-setup.js';

let slack: FakeSlackApi;
let bundle: StoreBundle;
let engine: ScriptedEngine;
let app: SlackApp;

beforeAll(async () => {
  slack = await startFakeSlackApi();
  bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 100 });
  engine = createScriptedEngine(bundle.store);
  app = await startSlackApp({ options: slackTestOptions(slack), engine, store: bundle.store });
});

afterAll(async () => {
  await app?.close();
  await slack?.close();
  await bundle?.close();
});

const now = () => Math.floor(Date.now() / 1000);

async function expectRejected(send: () => Promise<{ status: number; body: any }>, code = 'invalid_signature') {
  const before = { calls: engine.calls, posts: slack.posts.length };
  const res = await send();
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  await app.background.idle();
  expect(engine.calls).toBe(before.calls);
  expect(slack.posts).toHaveLength(before.posts);
}

describe('Slack: request signing (v0 HMAC-SHA256 over the raw body)', () => {
  it('accepts a correctly signed event (control)', async () => {
    const res = await sendSlackEvent(app.endpoint, app.secret, eventCallback({ event: imMessage({ text: 'signed properly' }) }));
    expect(res.status).toBe(200);
    await app.background.idle();
    expect(engine.received.at(-1)?.text).toBe('signed properly');
  });

  it('answers url_verification with the challenge, only when signed', async () => {
    const payload = { token: 'x', challenge: 'c-3po-and-r2', type: 'url_verification' };
    const ok = await sendSlackEvent(app.endpoint, app.secret, payload);
    expect(ok).toEqual({ status: 200, body: { challenge: 'c-3po-and-r2' } });
    await expectRejected(() => sendSlackEvent(app.endpoint, 'not-the-secret', payload));
  });

  const rejections: Array<[string, Parameters<typeof sendSlackEvent>[3] & { secret?: string }]> = [
    ['a signature made with another secret', { secret: 'someone-elses-secret' }],
    ['a missing signature header', { signature: null }],
    ['a missing timestamp header', { omitTimestamp: true }],
    ['a malformed signature', { signature: 'v1=abc' }],
    ['a signature of the right shape but wrong value', { signature: `v0=${'0'.repeat(64)}` }],
    ['a stale timestamp (replay after 6 minutes)', { timestamp: now() - 6 * 60 }],
    ['a timestamp from the future', { timestamp: now() + 6 * 60 }],
    ['a timestamp that is not a number', { timestamp: 'yesterday' }],
    ['a body changed after signing', { bodyAfterSigning: JSON.stringify(eventCallback({ event: imMessage({ text: 'tampered' }) })) }],
  ];
  for (const [name, opts] of rejections) {
    it(`rejects ${name} with 401 and processes nothing`, async () => {
      const { secret, ...rest } = opts;
      const payload = eventCallback({ event: imMessage({ text: `attack: ${name}` }) });
      await expectRejected(() => sendSlackEvent(app.endpoint, secret ?? app.secret, payload, rest));
    });
  }

  it('checks the signature before parsing: forged garbage is 401, signed garbage is 400', async () => {
    await expectRejected(() => sendSlackEvent(app.endpoint, 'wrong', null, { rawBody: '{not json' }));
    const signed = await sendSlackEvent(app.endpoint, app.secret, null, { rawBody: '{not json' });
    expect(signed.status).toBe(400);
    expect(signed.body.error.code).toBe('invalid_json');
  });

  it('verifies the exact bytes: re-serialised JSON with the same meaning fails', async () => {
    const payload = eventCallback({ event: imMessage({ text: 'spacing matters' }) });
    const compact = JSON.stringify(payload);
    const ts = String(now());
    const res = await fetch(app.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': signBody(app.secret, ts, compact) },
      body: JSON.stringify(payload, null, 2),
    });
    expect(res.status).toBe(401);
  });

  it('refuses every request when SLACK_SIGNING_SECRET is unset', async () => {
    const store = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10 });
    const eng = createScriptedEngine(store.store);
    const open = await startSlackApp({ options: slackTestOptions(slack, { signingSecret: undefined }), engine: eng, store: store.store });
    try {
      const res = await sendSlackEvent(open.endpoint, '', eventCallback({ event: imMessage({ text: 'hi' }) }));
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('slack_not_configured');
      expect(eng.calls).toBe(0);
    } finally {
      await open.close();
      await store.close();
    }
  });
});

describe('Slack: verifySlackSignature', () => {
  const body = Buffer.from('{"type":"event_callback"}');
  const secret = 'shhh';
  const ts = '1700000000';
  const nowMs = 1_700_000_000_000;
  it('accepts at the edge of the window and rejects just past it', () => {
    const signature = signBody(secret, ts, body.toString());
    expect(verifySlackSignature({ signingSecret: secret, timestamp: ts, signature, body, nowMs: nowMs + 300_000 })).toEqual({ ok: true });
    expect(verifySlackSignature({ signingSecret: secret, timestamp: ts, signature, body, nowMs: nowMs + 301_000 }).ok).toBe(false);
    expect(verifySlackSignature({ signingSecret: secret, timestamp: ts, signature, body, nowMs: nowMs - 301_000 }).ok).toBe(false);
  });
  it('rejects a signature for another timestamp', () => {
    const signature = signBody(secret, '1700000001', body.toString());
    expect(verifySlackSignature({ signingSecret: secret, timestamp: ts, signature, body, nowMs })).toEqual({ ok: false, reason: 'signature does not match' });
  });
});

describe('Slack: configuration', () => {
  it('names the missing variable when only one of the two is set', () => {
    expect(() => slackOptionsFromEnv({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => slackOptionsFromEnv({ SLACK_BOT_TOKEN: 'xoxb' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(slackOptionsFromEnv({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb', SLACK_API_URL: 'http://127.0.0.1:1/api/' })).toEqual({
      signingSecret: 's',
      botToken: 'xoxb',
      apiUrl: 'http://127.0.0.1:1/api/',
    });
    expect(slackOptionsFromEnv({})).toEqual({ signingSecret: undefined, botToken: undefined, apiUrl: undefined });
  });
});
