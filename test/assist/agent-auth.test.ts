import { afterEach, describe, expect, it } from 'vitest';
import { removeAgentAccount, saveAgentAccount } from '../../src/assist/agent-accounts.js';
import { hashPassword } from '../../src/assist/password-hash.js';
import type { Clock } from '../../src/core/clock.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { createScriptedEngine } from '../channels/scripted-engine.js';
import { accountsEnv, memoryBundle, redisBundles, signIn, startAssistServer, TEST_SCRYPT, type AssistServer } from './assist-harness.js';

const redis = redisBundles('auth');
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function server(opts: { bundle?: StoreBundle; config?: Parameters<typeof startAssistServer>[0]['config']; clock?: Clock; accounts?: string; trustProxy?: string } = {}): Promise<AssistServer> {
  const bundle = opts.bundle ?? memoryBundle();
  if (!opts.bundle) open.push(bundle);
  const s = await startAssistServer({
    bundle,
    engine: createScriptedEngine(bundle.store),
    accounts: opts.accounts ?? (await accountsEnv({ alice: 'correct horse battery', bob: 'another long secret' })),
    config: opts.config,
    clock: opts.clock,
    trustProxy: opts.trustProxy,
  });
  open.push(s);
  return s;
}

/** Signs in as if from `address` (the test server trusts X-Forwarded-For from loopback). */
const from = (address: string) => ({ 'X-Forwarded-For': address });

const login = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/agent/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('agent sign-in', () => {
  it('signs in with an AGENT_ACCOUNTS account and sets an HttpOnly SameSite=Strict session cookie', async () => {
    const s = await server();
    const res = await login(s.url, { name: 'alice', password: 'correct horse battery' });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sb_agent=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const body = (await res.json()) as { agent: string; csrfToken: string };
    expect(body.agent).toBe('alice');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const session = await fetch(`${s.url}/api/agent/session`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ agent: 'alice', csrfToken: body.csrfToken });
  });

  it('names are case-insensitive and the display name is the configured one', async () => {
    const s = await server();
    const res = await login(s.url, { name: 'ALICE', password: 'correct horse battery' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agent: string }).agent).toBe('alice');
  });

  it('marks the cookie Secure with the __Host- prefix when COOKIE_SECURE is on', async () => {
    const s = await server({ config: { cookieSecure: true } });
    const res = await login(s.url, { name: 'alice', password: 'correct horse battery' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-sb_agent=/);
    expect(cookie).toContain('Secure');
  });

  it('answers a wrong password and an unknown name identically', async () => {
    const s = await server();
    const wrong = await login(s.url, { name: 'alice', password: 'wrong password!' });
    const unknown = await login(s.url, { name: 'mallory', password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('failed sign-ins lock that account from that address only (429 with Retry-After), even with the right password', async () => {
    const s = await server({ trustProxy: 'loopback', config: { login: { perAccountAddress: 3, perAddress: 100, windowSeconds: 600 } } });
    const stranger = from('203.0.113.7');
    for (let i = 0; i < 3; i++) expect((await login(s.url, { name: 'alice', password: `guess number ${i}` }, stranger)).status).toBe(401);
    const locked = await login(s.url, { name: 'alice', password: 'correct horse battery' }, stranger);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await locked.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_many_sign_in_attempts');
    expect(body.error.message).toMatch(/for this account from this address/);
    // Other accounts from that address are not affected by the lockout.
    expect((await login(s.url, { name: 'bob', password: 'another long secret' }, stranger)).status).toBe(200);
  });

  it('a stranger cannot lock a real agent out: failures from another address do not count against her', async () => {
    const s = await server({ trustProxy: 'loopback' });
    // Far more guesses than the per-account-and-address limit (10), from the stranger's address.
    for (let i = 0; i < 15; i++) await login(s.url, { name: 'alice', password: `guess number ${i}` }, from('203.0.113.7'));
    expect((await login(s.url, { name: 'alice', password: 'guess again' }, from('203.0.113.7'))).status).toBe(429);
    // Alice, from her own address, signs in.
    const res = await login(s.url, { name: 'alice', password: 'correct horse battery' }, from('198.51.100.4'));
    expect(res.status).toBe(200);
  });

  it('successful sign-ins do not count', async () => {
    const s = await server({ trustProxy: 'loopback', config: { login: { perAccountAddress: 2, perAddress: 2, windowSeconds: 600 } } });
    for (let i = 0; i < 6; i++) expect((await login(s.url, { name: 'alice', password: 'correct horse battery' }, from('198.51.100.4'))).status).toBe(200);
    expect((await login(s.url, { name: 'alice', password: 'one typo here' }, from('198.51.100.4'))).status).toBe(401);
    expect((await login(s.url, { name: 'alice', password: 'correct horse battery' }, from('198.51.100.4'))).status).toBe(200);
  });

  it('limits failures per client address across account names; an IPv6 address counts by its /64', async () => {
    const s = await server({ trustProxy: 'loopback', config: { login: { perAccountAddress: 100, perAddress: 4, windowSeconds: 600 } } });
    const addresses = ['2001:db8:5:6::1', '2001:db8:5:6::2', '2001:db8:5:6:aaaa::9', '2001:db8:5:6:ffff:ffff:ffff:ffff'];
    for (const [i, name] of ['a1', 'a2', 'a3', 'a4'].entries()) expect((await login(s.url, { name, password: 'whatever123' }, from(addresses[i]!))).status).toBe(401);
    const refused = await login(s.url, { name: 'bob', password: 'another long secret' }, from('2001:db8:5:6:ffff::1'));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/from this address/);
    // Another /64 is another address.
    expect((await login(s.url, { name: 'bob', password: 'another long secret' }, from('2001:db8:5:7::1'))).status).toBe(200);
  });

  it('refuses bad sign-in bodies with clear 4xx errors', async () => {
    const s = await server();
    const cases: Array<[unknown, Record<string, string>, number]> = [
      ['{not json', {}, 400],
      [{ name: 'alice' }, {}, 400],
      [{ name: 42, password: 'x' }, {}, 400],
      [{ name: 'alice', password: 'x'.repeat(2000) }, {}, 400],
      [{ name: 'alice', password: 'correct horse battery', extra: 1 }, {}, 400],
      ['name=alice&password=x', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
      [{ name: 'alice', password: 'x'.repeat(70_000) }, {}, 413],
    ];
    for (const [body, headers, status] of cases) {
      const res = await login(s.url, body, headers);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    }
  });

  it('refuses a sign-in posted from another origin (login CSRF)', async () => {
    const s = await server();
    expect((await login(s.url, { name: 'alice', password: 'correct horse battery' }, { Origin: 'https://evil.example' })).status).toBe(403);
  });

  it('sign-out ends the session everywhere it is used', async () => {
    const s = await server();
    const agent = await signIn(s.url, 'alice', 'correct horse battery');
    const out = await agent.call('POST', '/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/sb_agent=;.*Max-Age=0/);
    expect((await agent.call('GET', '/session')).status).toBe(401);
    expect((await agent.call('GET', '/conversations')).status).toBe(401);
  });

  it('sessions expire after SESSION_TTL_SECONDS', async () => {
    let now = Date.now();
    const clock = { now: () => now };
    const s = await server({ clock, config: { sessionTtlSeconds: 60 } });
    const agent = await signIn(s.url, 'alice', 'correct horse battery');
    expect((await agent.call('GET', '/conversations')).status).toBe(200);
    now += 61_000;
    expect((await agent.call('GET', '/conversations')).status).toBe(401);
  });
});

describe('every /agent page and /api/agent route needs a session', () => {
  const apiRoutes: Array<[string, string]> = [
    ['GET', '/session'],
    ['GET', '/conversations'],
    ['GET', '/conversations/c_1'],
    ['GET', '/events'],
    ['GET', '/queue'],
    ['GET', '/skills'],
    ['GET', '/corrections.jsonl'],
    ['GET', '/demonstrations'],
    ['POST', '/logout'],
    ['POST', '/conversations/c_1/take-over'],
    ['POST', '/conversations/c_1/hand-back'],
    ['POST', '/conversations/c_1/mode'],
    ['POST', '/conversations/c_1/messages'],
    ['POST', '/conversations/c_1/messages/m_1/approve'],
    ['POST', '/conversations/c_1/messages/m_1/reroute'],
    ['POST', '/queue/c_1/claim'],
    ['DELETE', '/conversations/c_1'],
    ['GET', '/no-such-route'],
  ];

  it('answers 401 to API calls without a session', async () => {
    const s = await server();
    for (const [method, path] of apiRoutes) {
      const res = await fetch(`${s.url}/api/agent${path}`, { method, headers: { Origin: s.url, 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('never accepts a web chat token, as a bearer token or as the cookie', async () => {
    const s = await server();
    const created = await fetch(`${s.url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const { conversationId, token } = (await created.json()) as { conversationId: string; token: string };
    const variants: Array<Record<string, string>> = [{ Authorization: `Bearer ${token}` }, { Cookie: `sb_agent=${token}` }, { Cookie: `sb_agent=${token}`, Authorization: `Bearer ${token}` }];
    for (const headers of variants) {
      for (const path of ['/conversations', `/conversations/${conversationId}`, '/session']) {
        expect((await fetch(`${s.url}/api/agent${path}`, { headers })).status).toBe(401);
      }
      const post = await fetch(`${s.url}/api/agent/conversations/${conversationId}/take-over`, { method: 'POST', headers: { ...headers, Origin: s.url } });
      expect(post.status).toBe(401);
    }
  });

  it('sends signed-out browsers from /agent to the sign-in page and refuses the panel files', async () => {
    const s = await server();
    const page = await fetch(`${s.url}/agent`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/agent/login');
    expect((await fetch(`${s.url}/agent/`, { redirect: 'manual' })).status).toBe(303);
    const loginPage = await fetch(`${s.url}/agent/login`);
    expect(loginPage.status).toBe(200);
    expect(await loginPage.text()).toContain('login-form');
    expect((await fetch(`${s.url}/agent/login.js`)).status).toBe(200);
    for (const path of ['/agent/app.js', '/agent/view.js', '/agent/index.html', '/AGENT/app.js', '/agent%2Findex.html', '/agent%2fapp.js', '/Agent%2Fview.js']) {
      const res = await fetch(`${s.url}${path}`, { redirect: 'manual' });
      expect([303, 401, 404], path).toContain(res.status);
      expect(await res.text(), path).not.toContain('<script');
    }
  });

  it('serves the panel to a signed-in agent, with the strict CSP', async () => {
    const s = await server();
    const agent = await signIn(s.url, 'alice', 'correct horse battery');
    const page = await fetch(`${s.url}/agent`, { headers: { Cookie: agent.cookie } });
    expect(page.status).toBe(200);
    const loginAgain = await fetch(`${s.url}/agent/login`, { headers: { Cookie: agent.cookie }, redirect: 'manual' });
    expect(loginAgain.status).toBe(303);
    expect(loginAgain.headers.get('location')).toBe('/agent');
    expect(await page.text()).toContain('/agent/app.js');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await fetch(`${s.url}/agent/app.js`, { headers: { Cookie: agent.cookie } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${s.url}/agent/nope.js`, { headers: { Cookie: agent.cookie } })).status).toBe(404);
    expect((await fetch(`${s.url}/agent/..%2F..%2Fpackage.json`, { headers: { Cookie: agent.cookie } })).status).toBe(404);
  });
});

describe('CSRF protection on every state change', () => {
  it('needs the session token in X-CSRF-Token', async () => {
    const s = await server();
    const agent = await signIn(s.url, 'alice', 'correct horse battery');
    const missing = await agent.call('POST', '/conversations/c_1/take-over', {}, { 'X-CSRF-Token': '' });
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('csrf_token_invalid');
    const wrong = await agent.call('POST', '/conversations/c_1/take-over', {}, { 'X-CSRF-Token': 'A'.repeat(43) });
    expect(wrong.status).toBe(403);
    const del = await agent.call('DELETE', '/conversations/c_1', undefined, { 'X-CSRF-Token': 'nope' });
    expect(del.status).toBe(403);
    // With the token the request gets through to the route (404: no such conversation).
    expect((await agent.call('POST', '/conversations/c_1/take-over', {})).status).toBe(404);
  });

  it('refuses requests from another origin even with the token', async () => {
    const s = await server();
    const agent = await signIn(s.url, 'alice', 'correct horse battery');
    expect((await agent.call('POST', '/conversations/c_1/take-over', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await agent.call('POST', '/conversations/c_1/take-over', {}, { Origin: 'null' })).status).toBe(403);
    const noOrigin = await fetch(`${s.url}/api/agent/conversations/c_1/take-over`, {
      method: 'POST',
      headers: { Cookie: agent.cookie, 'X-CSRF-Token': agent.csrf, 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(noOrigin.status).toBe(403);
  });

  it("does not accept another agent's token", async () => {
    const s = await server();
    const alice = await signIn(s.url, 'alice', 'correct horse battery');
    const bob = await signIn(s.url, 'bob', 'another long secret');
    expect((await alice.call('POST', '/conversations/c_1/take-over', {}, { 'X-CSRF-Token': bob.csrf })).status).toBe(403);
  });
});

describe('accounts and sessions across processes (Redis)', () => {
  it('an account stored by agent:add signs in on any instance, and the session works on the other', async () => {
    const prefix = redis.nextPrefix();
    const a = await redis.on(prefix);
    const b = await redis.on(prefix);
    open.push(a, b);
    await saveAgentAccount(a.store, { name: 'carol', hash: await hashPassword('stored in redis!', TEST_SCRYPT), createdAt: Date.now() });
    const one = await server({ bundle: a, accounts: '' });
    const two = await server({ bundle: b, accounts: '' });
    const agent = await signIn(one.url, 'carol', 'stored in redis!');
    const res = await fetch(`${two.url}/api/agent/session`, { headers: { Cookie: agent.cookie } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { agent: string }).agent).toBe('carol');
    // Sign-out on one instance ends it on the other.
    expect((await agent.call('POST', '/logout')).status).toBe(204);
    expect((await fetch(`${two.url}/api/agent/session`, { headers: { Cookie: agent.cookie } })).status).toBe(401);
  });

  it('removing a stored account ends its open sessions', async () => {
    const bundle = await redis.fresh();
    open.push(bundle);
    await saveAgentAccount(bundle.store, { name: 'erin', hash: await hashPassword('erin is leaving', TEST_SCRYPT), createdAt: Date.now() });
    const s = await server({ bundle, accounts: '' });
    const agent = await signIn(s.url, 'erin', 'erin is leaving');
    expect((await agent.call('GET', '/conversations')).status).toBe(200);
    expect(await removeAgentAccount(bundle.store, 'erin')).toBe(true);
    expect((await agent.call('GET', '/conversations')).status).toBe(401);
    expect((await fetch(`${s.url}/agent`, { headers: { Cookie: agent.cookie }, redirect: 'manual' })).status).toBe(303);
  });

  it('the login lockout is shared across instances', async () => {
    const prefix = redis.nextPrefix();
    const a = await redis.on(prefix);
    const b = await redis.on(prefix);
    open.push(a, b);
    const accounts = await accountsEnv({ dave: 'a long password here' });
    const limits = { login: { perAccountAddress: 2, perAddress: 100, windowSeconds: 600 } };
    const one = await server({ bundle: a, accounts, config: limits });
    const two = await server({ bundle: b, accounts, config: limits });
    expect((await login(one.url, { name: 'dave', password: 'guess one!' })).status).toBe(401);
    expect((await login(two.url, { name: 'dave', password: 'guess two!' })).status).toBe(401);
    expect((await login(one.url, { name: 'dave', password: 'a long password here' })).status).toBe(429);
  });
});
