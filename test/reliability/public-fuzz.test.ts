import { Agent, request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import type { Running } from '../../src/main.js';
import { startTestApp } from '../helpers/test-app.js';
import fc from 'fast-check';
import { drawsFrom } from '../helpers/fc-draws.js';
import type { SeededRng } from '../helpers/seeded-rng.js';

/**
 * Issue 7, point 6: generated bad requests against every public endpoint of the whole app
 * (web chat API, /healthz, /readyz, /api/store, static files): broken JSON, wrong types, huge
 * and empty fields, odd Unicode, bad headers, forged, foreign and expired tokens, bad ids and
 * paths. Every case has at least one defect by construction, so every answer must be a 4xx
 * with the JSON error shape; nothing 5xx, no crash, heap flat, nothing forged gets in.
 * Driven by fast-check (issue 14): the generators below draw from fast-check's `gen()`, so a
 * failure is shrunk and reported with the seed and path that replay it.
 */

const SEED = 7_2024;
const CASES = 2400;
const MAX_MESSAGE_CHARS = 300;
const BODY_LIMIT_BYTES = 4096;


const ODD_TEXT = [
  '\ud800',
  '\udfff lone low',
  '\u202eevil.exe',
  'zero\u200bwidth\u200d',
  '\u0000nul',
  '🙂'.repeat(30),
  'e\u0301\u0301\u0301',
  '<script>alert(1)</script>',
  '{{7*7}} ${7*7}',
  '../../etc/passwd',
  'ＡＤＭＩＮ',
  '\ufeffbom',
  '\r\n\r\nHTTP/1.1 200 OK',
  '𝕳𝖊𝖑𝖑𝖔',
];

function oddString(r: SeededRng): string {
  switch (r.int(4)) {
    case 0:
      return r.pick(ODD_TEXT);
    case 1:
      return String.fromCharCode(...Array.from({ length: 1 + r.int(30) }, () => r.int(0x10000)));
    case 2:
      return r.pick(ODD_TEXT) + 'x'.repeat(r.int(50));
    default:
      return 'x'.repeat(r.int(3) === 0 ? 20_000 : r.int(200));
  }
}

function oddValue(r: SeededRng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 4 : 7)) {
    case 0:
      return oddString(r);
    case 1:
      return r.pick([0, -1, 1e308, -0, 3.14, Number.MAX_SAFE_INTEGER + 2]);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return r.pick(['', ' ', '\t\n']);
    case 4:
      return Array.from({ length: r.int(4) }, () => oddValue(r, depth + 1));
    case 5:
      return Object.fromEntries(
        Array.from({ length: 1 + r.int(3) }, (_, i) => [r.pick(['text', 'id', 'user', 'name', '__proto__', 'constructor', `k${i}`]), oddValue(r, depth + 1)]),
      );
    default:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
  }
}

/** Header values Node will send (latin1, no CR/LF): odd but transmittable. */
function oddHeaderValue(r: SeededRng): string {
  switch (r.int(5)) {
    case 0:
      return 'x'.repeat(1 + r.int(4000));
    case 1:
      return String.fromCharCode(...Array.from({ length: 1 + r.int(20) }, () => 0x20 + r.int(0xdf))).replace(/[\x7f]/g, '');
    case 2:
      return r.pick(['', ' ', 'null', 'undefined', '*', '\t']);
    case 3:
      return r.pick(['Bearer', 'Bearer ', 'bearer abc', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'Bearer ' + 'A'.repeat(129), 'Bearer a.b.c', 'Bearer ' + 'A'.repeat(15)]);
    default:
      return r.pick(['text/event-stream', '*/*', 'application/json;q=0', 'text/html']);
  }
}

interface Case {
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  note: string;
}

interface Fixtures {
  /** A live conversation whose token is never sent: forged tokens aim at it. */
  victim: { id: string; token: string };
  /** A live conversation whose token is sent to the victim (foreign token). */
  other: { id: string; token: string };
  /** A conversation whose token has expired. */
  expired: { id: string; token: string };
}

function forgedAuth(r: SeededRng, f: Fixtures): { value: string | undefined; note: string } {
  switch (r.int(7)) {
    case 0:
      return { value: undefined, note: 'no token' };
    case 1:
      return { value: `Bearer ${f.other.token}`, note: 'another conversation token' };
    case 2: {
      const t = f.victim.token;
      const i = r.int(t.length);
      const flipped = t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
      return { value: `Bearer ${flipped}`, note: 'victim token with one character changed' };
    }
    case 3:
      return { value: `Bearer ${Buffer.from(Array.from({ length: 32 }, () => r.int(256))).toString('base64url')}`, note: 'random token' };
    case 4:
      return { value: oddHeaderValue(r), note: 'odd authorization header' };
    case 5:
      return { value: `Bearer ${f.victim.token.slice(0, 20)}`, note: 'truncated victim token' };
    default:
      return { value: `Bearer ${f.victim.token.toLowerCase()}`, note: 'case-changed victim token' };
  }
}

const BAD_IDS = ['c_nope', 'c_' + 'a'.repeat(101), '%ff', '%E2%80%AE', 'c%00x', '..%2F..%2Fetc', '%F0%9F%99%82', 'c%20space', '%', '%zz', 'NaN', '__proto__'];

function jsonBody(r: SeededRng, value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function brokenJson(r: SeededRng): string {
  return r.pick(['{', '{"text":', '[1,2', 'nul', '{"text":"x"}}', '\u0000', '{"text": "\\ud800', "{'text':'single'}", '{"text":"a",}', '{"a":'.repeat(3000) + '1' + '}'.repeat(3000), '"just a string"', '42', 'true', '[]']);
}

/** One bad message request: at least one defect, chosen so the expected outcome is a 4xx. */
function messageCase(r: SeededRng, f: Fixtures): Case {
  const defects: string[] = [];
  let id = f.victim.id;
  let auth: string | undefined = `Bearer ${f.victim.token}`;
  let contentType: string | undefined = 'application/json';
  let payload: Record<string, unknown> = { text: r.chance(0.5) ? 'Can I return my kettle?' : oddString(r).slice(0, 100) || 'hi' };
  let raw: string | undefined;
  const pickDefect = () => r.int(9);
  const wanted = 1 + r.int(2);
  const used = new Set<number>();
  while (used.size < wanted) used.add(pickDefect());
  for (const d of used) {
    switch (d) {
      case 0: {
        const a = forgedAuth(r, f);
        auth = a.value;
        defects.push(a.note);
        break;
      }
      case 1:
        id = r.pick([...BAD_IDS, f.expired.id]);
        if (id === f.expired.id) auth = `Bearer ${f.expired.token}`;
        defects.push(`conversation id ${id}`);
        break;
      case 2:
        raw = brokenJson(r);
        defects.push('broken JSON');
        break;
      case 3:
        payload = { text: oddValue(r) };
        if (typeof payload.text === 'string') payload.text = r.pick(['', '   ', '\n\t']);
        defects.push('text of the wrong type or empty');
        break;
      case 4:
        payload = { ...payload, text: r.pick(['y', '🙂', '\u202e']).repeat(MAX_MESSAGE_CHARS + 1 + r.int(500)) };
        defects.push('text too long');
        break;
      case 5:
        payload = { ...payload, id: r.pick(['', 'x'.repeat(65), 'has space', '../x', '\u0000', 42, null, ['a']]) };
        defects.push('bad message id');
        break;
      case 6:
        raw = jsonBody(r, { text: 'z'.repeat(BODY_LIMIT_BYTES + r.int(50_000)) });
        defects.push('body too large');
        break;
      case 7:
        contentType = r.pick([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=koi8-r', 'application/json; charset=ucs-2']);
        defects.push(`content-type ${contentType}`);
        break;
      default:
        payload = { text: 'x', extra: oddValue(r), text2: oddValue(r) };
        delete payload.text;
        defects.push('text missing');
    }
  }
  const headers: Record<string, string> = {};
  if (auth !== undefined) headers.authorization = auth;
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (r.chance(0.3)) headers.accept = 'text/event-stream';
  return { endpoint: 'POST messages', method: 'POST', path: `/api/chat/conversations/${id}/messages`, headers, body: raw ?? jsonBody(r, payload), note: defects.join(' + ') };
}

function createCase(r: SeededRng): Case {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let body: string;
  let note: string;
  switch (r.int(7)) {
    case 0:
      body = brokenJson(r);
      note = 'broken JSON';
      break;
    case 1:
      body = jsonBody(r, { user: r.pick([5, 'x', [], true]) });
      note = 'user of the wrong type';
      break;
    case 2:
      body = jsonBody(r, { user: { name: r.pick(['', '   ', 'n'.repeat(81), 42, {}, null]) } });
      note = 'bad user name';
      break;
    case 3:
      body = jsonBody(r, { user: { name: 'Ann' }, [r.pick(['admin', 'token', '__proto__x', 'conversationId'])]: oddValue(r) });
      note = 'unknown field';
      break;
    case 4:
      body = jsonBody(r, { user: { name: 'a'.repeat(BODY_LIMIT_BYTES + 10) } });
      note = 'body too large';
      break;
    case 5:
      headers['content-type'] = r.pick(['application/json; charset=utf-16', 'application/json; charset=latin2']);
      body = '{}';
      note = 'unsupported charset';
      break;
    default:
      body = jsonBody(r, { user: { name: 'Ann', role: 'agent' } });
      note = 'unknown user field';
  }
  return { endpoint: 'POST conversations', method: 'POST', path: '/api/chat/conversations', headers, body, note };
}

function readCase(r: SeededRng, f: Fixtures, kind: 'history' | 'events' | 'delete'): Case {
  const a = forgedAuth(r, f);
  let id = f.victim.id;
  let auth = a.value;
  let note = a.note;
  if (r.chance(0.3)) {
    id = r.pick([...BAD_IDS, f.expired.id]);
    if (id === f.expired.id) auth = `Bearer ${f.expired.token}`;
    note = `conversation id ${id}`;
  }
  const headers: Record<string, string> = {};
  if (auth !== undefined) headers.authorization = auth;
  if (r.chance(0.3)) headers.origin = r.pick(['https://evil.example', 'null', oddHeaderValue(r)]);
  const path = kind === 'delete' ? `/api/chat/conversations/${id}` : `/api/chat/conversations/${id}/${kind === 'history' ? 'messages' : 'events'}`;
  return { endpoint: `${kind === 'delete' ? 'DELETE' : 'GET'} ${kind}`, method: kind === 'delete' ? 'DELETE' : 'GET', path, headers, note };
}

/** Bad variants of a path: sub-paths that do not exist, malformed %-escapes, NUL, traversal, very long. */
const BAD_SUFFIXES = ['/x', '%00', '%ff', '/%', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/' + 'q'.repeat(3000), '/x/y/z', '%c0%ae%c0%ae'];

/** Paths the static server must not serve (or must not mis-parse). */
const STATIC_BAD_PATHS = [
  '/..%2fpackage.json',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%5c..%5cpackage.json',
  '/index.html%00.js',
  '/.env',
  '/.git/config',
  '/package.json',
  '/src/main.ts',
  '/node_modules/express/package.json',
  '/%',
  '/%c0%ae%c0%ae/etc/passwd',
  '/' + 'a/'.repeat(2000),
];

const PUBLIC_TARGETS: Array<{ name: string; path: string }> = [
  { name: 'healthz', path: '/healthz' },
  { name: 'readyz', path: '/readyz' },
  { name: 'store', path: '/api/store' },
  { name: 'static', path: '/widget.js' },
  { name: 'static', path: '/index.html' },
  { name: 'static', path: '/vendor/eventsource-parser.js' },
];

function otherCase(r: SeededRng): Case {
  const roll = r.int(10);
  const target = r.pick(PUBLIC_TARGETS);
  const headers: Record<string, string> = {};
  if (r.chance(0.5)) headers[r.pick(['accept', 'x-forwarded-for', 'range', 'if-none-match', 'accept-encoding', 'cookie'])] = oddHeaderValue(r);
  if (roll < 4) {
    const method = r.pick(['POST', 'PUT', 'PATCH', 'DELETE']);
    headers['content-type'] = 'application/json';
    return { endpoint: `${target.name} wrong method`, method, path: target.path, headers, body: r.chance(0.5) ? brokenJson(r) : jsonBody(r, oddValue(r)), note: 'wrong method' };
  }
  if (roll < 5) {
    return { endpoint: 'chat wrong method', method: r.pick(['GET', 'PUT', 'PATCH']), path: r.pick(['/api/chat/conversations', '/api/chat', '/api/chat/conversations/']), headers, note: 'wrong method' };
  }
  if (roll < 8) return { endpoint: `${target.name} bad path`, method: 'GET', path: target.path + r.pick(BAD_SUFFIXES), headers, note: 'bad path' };
  return { endpoint: 'static bad path', method: 'GET', path: r.pick(STATIC_BAD_PATHS), headers, note: 'bad static path' };
}

function generate(r: SeededRng, f: Fixtures): Case {
  const roll = r.int(20);
  let c: Case;
  if (roll < 7) c = messageCase(r, f);
  else if (roll < 10) c = createCase(r);
  else if (roll < 12) c = readCase(r, f, 'history');
  else if (roll < 14) c = readCase(r, f, 'events');
  else if (roll < 16) c = readCase(r, f, 'delete');
  else c = otherCase(r);
  // Bad headers on top of anything: odd extra headers never turn a bad request into a good one.
  if (r.chance(0.25)) c.headers[r.pick(['x-request-id', 'user-agent', 'x-forwarded-for', 'accept-language', 'x-odd'])] = oddHeaderValue(r);
  return c;
}

interface Outcome {
  status: number;
  contentType: string;
  body: string;
}

function send(base: URL, agent: Agent, c: Case): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: c.method,
        path: c.path,
        // Node's client sends a DELETE/GET body with neither length nor chunking, which breaks the HTTP stream itself.
        headers: c.body === undefined ? c.headers : { ...c.headers, 'content-length': String(Buffer.byteLength(c.body)) },
        agent,
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(c.body);
  });
}

function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('fuzzing every public endpoint', () => {
  let app: Running;
  let now = Date.now();
  const clock: Clock = { now: () => now };
  let fixtures: Fixtures;

  const create = async () => {
    const res = await fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const b = (await res.json()) as { conversationId: string; token: string };
    return { id: b.conversationId, token: b.token };
  };

  beforeAll(async () => {
    app = await startTestApp({
      env: { MAX_MESSAGE_CHARS: String(MAX_MESSAGE_CHARS), BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES), WIDGET_TOKEN_TTL_SECONDS: '60' },
      overrides: { clock },
    });
    // The expired conversation is made "two minutes ago", so its 60 s token has expired by now.
    now = Date.now() - 120_000;
    const expired = await create();
    now = Date.now();
    clock.now = () => Date.now();
    fixtures = { victim: await create(), other: await create(), expired };
  });
  afterAll(async () => {
    await app?.stop();
  });

  it(`answers ${CASES} generated bad requests with a 4xx JSON error each: no 5xx, no crash, flat heap, nothing forged gets in`, async () => {
    const base = new URL(app.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const gc = collectGarbage();
    const byEndpoint = new Map<string, number>();
    const byStatus = new Map<number, number>();
    const byCode = new Map<string, number>();
    let heapBefore = 0;
    let rssBefore = 0;
    let i = 0;

    const property = fc.asyncProperty(fc.gen(), async (g) => {
      const c = generate(drawsFrom(g), fixtures);
      if (i++ === 200) {
        // Past warm-up (JIT, lazy modules): measure from here.
        gc();
        heapBefore = process.memoryUsage().heapUsed;
        rssBefore = process.memoryUsage().rss;
      }
      byEndpoint.set(c.endpoint, (byEndpoint.get(c.endpoint) ?? 0) + 1);
      const out = await send(base, agent, c).catch((err: Error) => {
        throw new Error(`${c.method} ${c.path.slice(0, 80)} (${c.note}): ${err.message}`);
      });
      byStatus.set(out.status, (byStatus.get(out.status) ?? 0) + 1);
      let error: { code?: unknown; message?: unknown } | undefined;
      try {
        error = (JSON.parse(out.body) as { error?: { code?: unknown; message?: unknown } }).error;
      } catch {
        error = undefined;
      }
      if (typeof error?.code === 'string') byCode.set(error.code, (byCode.get(error.code) ?? 0) + 1);
      const ok =
        out.status >= 400 &&
        out.status < 500 &&
        out.contentType.startsWith('application/json') &&
        typeof error?.code === 'string' &&
        typeof error.message === 'string' &&
        error.message.length > 0;
      if (!ok) throw new Error(`${c.method} ${c.path.slice(0, 80)} (${c.note}): ${out.status} ${out.contentType} ${out.body.slice(0, 200)}`);
    });
    const details = await fc.check(property, { seed: SEED, numRuns: CASES, endOnFailure: true });
    const cases = { length: i };
    agent.destroy();
    gc();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.info(
      `fuzz: ${cases.length} cases over ${JSON.stringify(Object.fromEntries(byEndpoint))}; statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort()))}; codes ${JSON.stringify(Object.fromEntries(byCode))}; ` +
        `heap ${(heapBefore / 2 ** 20).toFixed(1)} MB -> +${heapGrowthMb.toFixed(1)} MB, rss +${rssGrowthMb.toFixed(1)} MB`,
    );

    expect(details.failed ? `${String(details.errorInstance)} (seed ${details.seed}, path ${details.counterexamplePath})` : '').toBe('');
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    // Each family of defect was reached, not stopped earlier by another one.
    for (const code of ['invalid_json', 'invalid_request', 'empty_text', 'text_too_long', 'body_too_large', 'unsupported_media_type', 'unsupported_encoding', 'unauthorized', 'token_expired', 'conversation_not_found', 'invalid_path', 'not_found']) {
      expect(byCode.get(code) ?? 0, code).toBeGreaterThan(0);
    }
    for (const endpoint of ['POST messages', 'POST conversations', 'GET history', 'GET events', 'DELETE delete', 'chat wrong method']) {
      expect(byEndpoint.get(endpoint) ?? 0, endpoint).toBeGreaterThan(20);
    }
    for (const name of ['healthz', 'readyz', 'store', 'static']) {
      expect(byEndpoint.get(`${name} wrong method`) ?? 0, `${name} wrong method`).toBeGreaterThan(10);
      expect(byEndpoint.get(`${name} bad path`) ?? 0, `${name} bad path`).toBeGreaterThan(10);
    }
    // Bounded memory: what is retained after a collection does not grow with the requests sent.
    expect(heapGrowthMb).toBeLessThan(25);

    // Still alive and serving; nothing forged got into (or erased) the victim's conversation.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const history = await fetch(`${app.url}/api/chat/conversations/${fixtures.victim.id}/messages`, { headers: { authorization: `Bearer ${fixtures.victim.token}` } });
    expect(history.status).toBe(200);
    expect(((await history.json()) as { messages: unknown[] }).messages).toEqual([]);
    const ok = await fetch(`${app.url}/api/chat/conversations/${fixtures.victim.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixtures.victim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Can I return my kettle?' }),
    });
    expect(ok.status).toBe(200);
  });
});
