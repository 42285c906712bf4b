import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTeamsOptions, teamsOptionsFromEnv } from '../../src/channels/teams/teams-options.js';
import { ConfigError } from '../../src/core/errors.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { startFakeBotFramework, type FakeBotFramework, type TokenOptions } from '../fakes/fake-bot-framework.js';
import { createScriptedEngine, type ScriptedEngine } from './scripted-engine.js';
import { fakeOptions, startTeamsApp, type TeamsApp } from './teams-setup.js';

let bf: FakeBotFramework;
let bundle: StoreBundle;
let engine: ScriptedEngine;
let app: TeamsApp;

beforeAll(async () => {
  bf = await startFakeBotFramework();
  bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 100 });
  engine = createScriptedEngine(bundle.store);
  app = await startTeamsApp({ options: fakeOptions(bf), engine, store: bundle.store });
});

afterAll(async () => {
  await app?.close();
  await bf?.close();
  await bundle?.close();
});

/** Sends with `opts` and expects 401, a short JSON error, and nothing reaching the engine or the customer. */
async function expectRejected(send: () => Promise<{ status: number; body: any; headers: Headers }>, code = 'unauthorized') {
  const before = { calls: engine.calls, sent: bf.activities.length };
  const res = await send();
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
  expect(res.body.error.message.length).toBeLessThan(120);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  await app.background.idle();
  expect(engine.calls).toBe(before.calls);
  expect(bf.activities).toHaveLength(before.sent);
}

describe('Teams: every request is authenticated with botframework-connector', () => {
  it('accepts a request signed like the Bot Framework service signs it (control)', async () => {
    const res = await bf.post(app.endpoint, bf.message({ text: 'control', user: { id: '29:control', name: 'Control' } }));
    expect(res.status).toBe(202);
    await app.background.idle();
    expect(engine.received.map((m) => m.text)).toEqual(['control']);
    await bf.waitFor((a) => a.activity.type === 'message');
  });

  it('accepts the scheme in any case ("bearer"): RFC 7235 makes auth schemes case-insensitive', async () => {
    const before = engine.received.length;
    for (const scheme of ['bearer', 'BEARER']) {
      const res = await bf.post(app.endpoint, bf.message({ text: `scheme ${scheme}`, user: { id: `29:${scheme}`, name: 'Case' } }), {
        authorization: `${scheme} ${await bf.mintToken()}`,
      });
      expect(res.status).toBe(202);
    }
    await app.background.idle();
    expect(engine.received.slice(before).map((m) => m.text)).toEqual(['scheme bearer', 'scheme BEARER']);
  });

  const rejections: Array<[string, { token?: TokenOptions; authorization?: string | null; activity?: Record<string, unknown> }, string?]> = [
    ['missing Authorization header', { authorization: null }],
    ['a scheme other than Bearer', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a token that is not a JWT', { authorization: 'Bearer not-a-jwt' }],
    ['wrong audience (a token for another bot)', { token: { audience: 'another-bots-app-id' } }],
    ['wrong issuer', { token: { issuer: 'https://sts.example.net/' } }],
    ['expired token (past the 5 minute clock skew)', { token: { expiresIn: -3600 } }, 'token_expired'],
    ['token signed with an unknown key', { token: { key: 'unknown' } }],
    ['forged signature under the published key id', { token: { key: 'forged' } }],
    ['serviceUrl mismatch between token and activity', { token: { serviceUrl: 'https://evil.example.com/connector/' } }],
    ['token without a serviceurl claim', { token: { serviceUrl: null } }],
    ['key not endorsed for the activity channel (no endorsement)', { token: { key: 'unendorsed' } }],
  ];

  for (const [name, opts, code] of rejections) {
    it(`rejects ${name} with 401 and processes nothing`, async () => {
      await expectRejected(() => bf.post(app.endpoint, bf.message({ text: `attack: ${name}` }), opts), code);
    });
  }

  it('rejects an unsigned (alg: none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(
      JSON.stringify({ iss: 'https://api.botframework.com', aud: bf.appId, serviceurl: bf.serviceUrl, exp: now + 600, nbf: now - 60 }),
    ).toString('base64url');
    await expectRejected(() => bf.post(app.endpoint, bf.message(), { authorization: `Bearer ${header}.${payload}.` }));
  });

  it('rejects a valid token replayed with an activity for another serviceUrl', async () => {
    const activity = bf.message({ serviceUrl: 'https://evil.example.com/connector/' });
    await expectRejected(() => bf.post(app.endpoint, activity));
  });

  it('checks the token before the payload: a forged request with a broken activity is still 401', async () => {
    await expectRejected(() => bf.post(app.endpoint, { type: 42 }, { token: { audience: 'someone-else' } }));
  });
});

describe('Teams: configuration that must never open the endpoint', () => {
  it('refuses every request when MicrosoftAppId is unset (an empty app id never disables auth)', async () => {
    const store = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10 });
    const noId = createScriptedEngine(store.store);
    const open = await startTeamsApp({ options: fakeOptions(bf, { appId: undefined }), engine: noId, store: store.store });
    try {
      for (const authorization of [undefined, null, 'Bearer ']) {
        const res = await bf.post(open.endpoint, bf.message(), authorization === undefined ? {} : { authorization });
        expect(res.status).toBe(401);
      }
      const res = await bf.post(open.endpoint, bf.message(), { token: { audience: '' } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('bot_not_configured');
      await open.background.idle();
      expect(noId.calls).toBe(0);
    } finally {
      await open.close();
      await store.close();
    }
  });

  it('answers 503 (so Bot Framework retries) when the signing keys cannot be fetched, and processes nothing', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    const store = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10 });
    const eng = createScriptedEngine(store.store);
    const down = await startTeamsApp({
      options: fakeOptions(bf, { openIdMetadataUrl: `http://127.0.0.1:${closedPort}/v1/.well-known/openidconfiguration` }),
      engine: eng,
      store: store.store,
    });
    try {
      const res = await bf.post(down.endpoint, bf.message());
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('auth_unavailable');
      expect(res.headers.get('retry-after')).toBe('5');
      expect(eng.calls).toBe(0);
    } finally {
      await down.close();
      await store.close();
    }
  });

  it('BOT_AUTH_DISABLED is refused in production', () => {
    expect(() => checkTeamsOptions(fakeOptions(bf, { authDisabled: true }), 'production')).toThrow(ConfigError);
    expect(() => checkTeamsOptions(fakeOptions(bf, { authDisabled: true }), 'development')).not.toThrow();
  });

  it('names the missing variable when the app id is set without what it needs', () => {
    const base = {
      MicrosoftAppId: 'app',
      MicrosoftAppType: 'MultiTenant' as const,
      BOT_AUTH_DISABLED: false,
    };
    expect(() => teamsOptionsFromEnv(base)).toThrow(/MicrosoftAppPassword/);
    expect(() => teamsOptionsFromEnv({ ...base, MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' })).toThrow(/MicrosoftAppTenantId/);
    expect(teamsOptionsFromEnv({ ...base, MicrosoftAppPassword: 'p' }).appId).toBe('app');
    expect(teamsOptionsFromEnv({ ...base, MicrosoftAppType: 'UserAssignedMSI' }).appType).toBe('UserAssignedMSI');
  });
});

describe('Teams: BOT_AUTH_DISABLED, for the Bot Framework Emulator only', () => {
  it('accepts unsigned requests and never sends the bot token to the (unverified) serviceUrl', async () => {
    const emulator = await startFakeBotFramework({ acceptAnonymous: true });
    const store = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 10 });
    const eng = createScriptedEngine(store.store);
    const local = await startTeamsApp({ options: fakeOptions(emulator, { authDisabled: true }), engine: eng, store: store.store });
    try {
      const res = await emulator.post(local.endpoint, emulator.message({ text: 'from the emulator', channelId: 'emulator' }), { authorization: null });
      expect(res.status).toBe(202);
      const reply = await emulator.waitFor((a) => a.activity.type === 'message');
      expect(reply.activity.text).toBe('Reply to "from the emulator"');
      expect(reply.authorization).toBeUndefined();
      expect(emulator.tokenRequests).toHaveLength(0);
    } finally {
      await local.close();
      await store.close();
      await emulator.close();
    }
  });
});
