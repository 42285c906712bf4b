import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { startFakeBotFramework, type FakeBotFramework } from '../fakes/fake-bot-framework.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { eventCallback, imMessage, signBody } from '../fakes/fake-slack-events.js';
import { createScriptedEngine, type ScriptedEngine } from './scripted-engine.js';
import { slackTestOptions, startSlackApp, type SlackApp } from './slack-setup.js';
import { fakeOptions, startTeamsApp, type TeamsApp } from './teams-setup.js';
import { fuzzCases } from '../helpers/fc-draws.js';
import type { SeededRng } from '../helpers/seeded-rng.js';

/**
 * Generated bad requests against both channel endpoints: broken and mistyped bodies, odd
 * Unicode, huge fields, bad headers, forged tokens and signatures. Nothing may answer 5xx, and
 * nothing unauthenticated may reach the engine. Seeded, so a failure reproduces.
 */

const CASES_PER_ENDPOINT = 400;


const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u202dabc',
  'zero\u200bwidth',
  '🙂'.repeat(50),
  'ﷺ'.repeat(20),
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00%ff',
  'a'.repeat(5000),
  '${jndi:ldap://x}',
  'null',
  '{"nested": true}',
];

function oddValue(r: SeededRng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 9)) {
    case 0:
      return r.pick(ODD_STRINGS);
    case 1:
      return r.pick([0, -1, 1e308, Number.MAX_SAFE_INTEGER, 3.14]);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return 'x'.repeat(r.int(3) === 0 ? 70_000 : r.int(300));
    case 4:
      return String.fromCharCode(...Array.from({ length: r.int(40) }, () => r.int(0xffff)));
    case 5:
      return r.pick(['https://evil.example.com/', 'javascript:alert(1)', 'ftp://x', 'http://', '//x']);
    case 6:
      return Array.from({ length: r.int(5) }, () => oddValue(r, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: r.int(5) }, (_, i) => [r.pick(['id', 'name', 'type', '__proto__', 'constructor', `k${i}`]), oddValue(r, depth + 1)]));
    default:
      return undefined;
  }
}

/** A well-formed payload with one to three fields (possibly nested) replaced by odd values. */
function mutate(r: SeededRng, value: Record<string, any>): Record<string, any> {
  const copy = structuredClone(value);
  for (let i = 0, n = 1 + r.int(3); i < n; i++) {
    let target: Record<string, any> = copy;
    const keys = Object.keys(target);
    let key = r.pick(keys);
    if (target[key] && typeof target[key] === 'object' && !Array.isArray(target[key]) && r.int(2) === 0) {
      target = target[key];
      key = r.pick(Object.keys(target).length ? Object.keys(target) : ['x']);
    }
    const v = oddValue(r);
    if (v === undefined) delete target[key];
    else target[key] = v;
  }
  return copy;
}

function brokenBody(r: SeededRng, valid: unknown): string {
  const json = JSON.stringify(valid);
  switch (r.int(6)) {
    case 0:
      return json.slice(0, r.int(json.length));
    case 1:
      return String.fromCharCode(...Array.from({ length: r.int(200) }, () => r.int(256)));
    case 2:
      return `${json}}`;
    case 3:
      return JSON.stringify(oddValue(r)) ?? 'undefined';
    case 4:
      return '['.repeat(5000);
    default:
      return json.replace(/"/g, r.pick(["'", '', '\\"']));
  }
}

interface Sent {
  status: number;
  what: string;
}

async function send(url: string, init: { headers: Record<string, string>; body: string | Buffer }, what: string): Promise<Sent> {
  try {
    const body = typeof init.body === 'string' ? init.body : new Uint8Array(init.body);
    const res = await fetch(url, { method: 'POST', headers: init.headers, body });
    await res.arrayBuffer();
    return { status: res.status, what };
  } catch (err) {
    // fetch itself refuses some header values (e.g. control characters); that request never left.
    if (err instanceof TypeError && !/fetch failed/.test(err.message)) return { status: 400, what: `${what} (refused by fetch)` };
    throw new Error(`${what}: ${(err as Error).message}`, { cause: err });
  }
}

function tally(results: Sent[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const { status } of results) out[status] = (out[status] ?? 0) + 1;
  return out;
}

let bundle: StoreBundle;

beforeAll(() => {
  bundle = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 50 });
});
afterAll(async () => {
  await bundle?.close();
});

describe('fuzzing POST /api/messages (Teams)', () => {
  let bf: FakeBotFramework;
  let engine: ScriptedEngine;
  let app: TeamsApp;

  beforeAll(async () => {
    bf = await startFakeBotFramework();
    engine = createScriptedEngine(bundle.store);
    app = await startTeamsApp({ options: fakeOptions(bf), engine, store: bundle.store });
  });
  afterAll(async () => {
    await app?.close();
    await bf?.close();
  });

  it(`answers ${CASES_PER_ENDPOINT} generated bad requests with 4xx (or a harmless 2xx when properly signed), never 5xx`, async () => {
    const forgedTokens = await Promise.all([
      bf.mintToken({ audience: 'someone-else' }),
      bf.mintToken({ issuer: 'https://issuer.example/' }),
      bf.mintToken({ expiresIn: -7200 }),
      bf.mintToken({ key: 'unknown' }),
      bf.mintToken({ key: 'forged' }),
      bf.mintToken({ key: 'unendorsed' }),
      bf.mintToken({ serviceUrl: 'https://evil.example.com/' }),
    ]);
    const validToken = await bf.mintToken();
    const results: Sent[] = [];
    const signedCases = new Set<number>();
    let unauthenticated = 0;
    // fast-check draws every choice (issue 14), so a failing case shrinks and replays from the seed.
    await fuzzCases(0x5eed_7ea5, CASES_PER_ENDPOINT, async (r, i) => {
      const base = bf.message({ text: `fuzz ${i}`, user: { id: `29:fuzz-${i}`, name: 'Fuzz' } });
      const authKind = r.int(10);
      const signed = authKind >= 7;
      const authorization = signed
        ? `Bearer ${validToken}`
        : r.pick([
            undefined,
            'Bearer',
            'Bearer ',
            `Bearer ${r.pick(forgedTokens)}`,
            `Bearer ${r.pick(forgedTokens)}`,
            `bearer ${validToken}`,
            `Bearer  ${validToken}`,
            `Basic ${validToken}`,
            `Bearer ${validToken.slice(0, -5)}AAAAA`,
            `Bearer ${'A'.repeat(4000)}`,
            'Bearer a.b.c',
          ]);
      // RFC 7235: the scheme is case-insensitive and one or more spaces may follow it, so
      // "bearer <valid>" and "Bearer  <valid>" are valid credentials too.
      const validCredentials = signed || (authorization !== undefined && /^bearer +/i.test(authorization) && authorization.replace(/^bearer +/i, '') === validToken);
      if (validCredentials) signedCases.add(i);
      else unauthenticated++;
      const shape = r.int(4);
      const payload = shape === 0 ? brokenBody(r, base) : JSON.stringify(shape === 1 ? base : mutate(r, base));
      const headers: Record<string, string> = {
        'Content-Type': r.pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin9']),
      };
      if (authorization !== undefined) headers.Authorization = authorization;
      let body: string | Buffer = payload;
      if (r.int(15) === 0) {
        headers['Content-Encoding'] = 'gzip';
        body = r.int(2) === 0 ? gzipSync(payload) : Buffer.from('not gzip at all');
      }
      const sent = await send(app.endpoint, { headers, body }, `case ${i} (signed=${signed}, shape=${shape})`);
      results.push(sent);
      if (sent.status >= 500) throw new Error(`case ${i} (signed=${signed}, shape=${shape}): HTTP ${sent.status}`);
    });
    await app.background.idle();

    if (process.env.FUZZ_REPORT) console.log('teams statuses', tally(results));
    const serverErrors = results.filter((s) => s.status >= 500);
    expect(serverErrors).toEqual([]);
    expect(results.every((s) => s.status < 300 || (s.status >= 400 && s.status < 500))).toBe(true);
    // Only requests with the valid token reached the engine.
    expect(engine.calls).toBeLessThanOrEqual(signedCases.size);
    for (const m of engine.received) {
      const index = /^29:fuzz-(\d+)$/.exec(m.user.id);
      if (index) expect(signedCases.has(Number(index[1])), m.user.id).toBe(true);
    }
    expect(unauthenticated).toBeGreaterThan(CASES_PER_ENDPOINT / 2);
    expect(results.filter((s) => s.status === 401).length).toBeGreaterThanOrEqual(unauthenticated * 0.9);

    // Still serving.
    const control = await bf.post(app.endpoint, bf.message({ text: 'still alive?' }));
    expect(control.status).toBe(202);
  });
});

describe('fuzzing POST /api/slack/events', () => {
  let slack: FakeSlackApi;
  let engine: ScriptedEngine;
  let app: SlackApp;

  beforeAll(async () => {
    slack = await startFakeSlackApi();
    engine = createScriptedEngine(bundle.store);
    app = await startSlackApp({ options: slackTestOptions(slack), engine, store: bundle.store });
  });
  afterAll(async () => {
    await app?.close();
    await slack?.close();
  });

  it(`answers ${CASES_PER_ENDPOINT} generated bad requests with 4xx (or 200 when properly signed), never 5xx`, async () => {
    const results: Sent[] = [];
    const signedCases = new Set<number>();
    await fuzzCases(0x51ac_0001, CASES_PER_ENDPOINT, async (r, i) => {
      const text = `fuzz ${i}`;
      const base = eventCallback({ event: imMessage({ text, user: `U0FUZZ${i}`, channel: `D0FUZZ${i}` }) });
      const shape = r.int(4);
      const body = shape === 0 ? brokenBody(r, base) : JSON.stringify(shape === 1 ? base : mutate(r, base));
      const now = Math.floor(Date.now() / 1000);
      const signed = r.int(10) >= 6;
      const timestamp = signed ? String(now) : r.pick([String(now), String(now - 301), String(now + 400), '', '-1', '9'.repeat(20), '1e9', 'abc', `${now}.5`]);
      const signature = signed
        ? signBody(app.secret, timestamp, body)
        : r.pick([
            signBody('guessed-secret', timestamp, body),
            signBody(app.secret, String(now - 600), body),
            signBody(app.secret, timestamp, `${body} `),
            `v0=${'f'.repeat(64)}`,
            'v0=',
            `v1=${signBody(app.secret, timestamp, body).slice(3)}`,
            signBody(app.secret, timestamp, body).toUpperCase(),
            '',
          ]);
      if (signed) signedCases.add(i);
      const headers: Record<string, string> = {
        'Content-Type': r.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']),
        'X-Slack-Request-Timestamp': timestamp,
        'X-Slack-Signature': signature,
      };
      if (r.int(4) === 0) headers['X-Slack-Retry-Num'] = r.pick(['1', '2', 'x', '-5', '']);
      if (r.int(8) === 0) delete headers[r.pick(['X-Slack-Request-Timestamp', 'X-Slack-Signature'])];
      const sent = await send(app.endpoint, { headers, body }, `case ${i} (signed=${signed}, shape=${shape})`);
      results.push(sent);
      if (sent.status >= 500) throw new Error(`case ${i} (signed=${signed}, shape=${shape}): HTTP ${sent.status}`);
    });
    await app.background.idle();

    if (process.env.FUZZ_REPORT) console.log('slack statuses', tally(results));
    expect(results.filter((s) => s.status >= 500)).toEqual([]);
    expect(results.every((s) => s.status === 200 || (s.status >= 400 && s.status < 500))).toBe(true);
    // Nothing that was not properly signed reached the engine.
    expect(engine.calls).toBeLessThanOrEqual(signedCases.size);
    for (const m of engine.received) {
      const index = /^U0FUZZ(\d+)$/.exec(m.user.id);
      if (index) expect(signedCases.has(Number(index[1])), m.user.id).toBe(true);
    }
    expect(results.filter((s) => s.status === 401).length).toBeGreaterThan(CASES_PER_ENDPOINT / 4);

    const ok = await fetch(app.endpoint, {
      method: 'POST',
      headers: (() => {
        const ts = String(Math.floor(Date.now() / 1000));
        const b = JSON.stringify({ type: 'url_verification', challenge: 'alive' });
        return { 'Content-Type': 'application/json', 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': signBody(app.secret, ts, b) };
      })(),
      body: JSON.stringify({ type: 'url_verification', challenge: 'alive' }),
    });
    expect(await ok.json()).toEqual({ challenge: 'alive' });
  });
});
