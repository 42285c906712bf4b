import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RETURNS_COLLECTION, WARRANTY_CLAIMS_COLLECTION } from '../../src/commerce/store-commerce.js';
import { AUDIT_COLLECTION, auditCollectionOf } from '../../src/engine/action-runner.js';
import { mintIdentityToken } from '../../src/identity/identity-token.js';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { identityTokenFor, openConversation, startTestApp, TEST_IDENTITY_SECRET, type StoreKind } from '../helpers/test-app.js';

/**
 * Issue 15 over the real HTTP API: a stranger learns nothing and changes nothing; the owner who
 * verifies and confirms gets exactly one return; a model that acts on an order the customer never
 * named, or whose reply the guard rejects, leaves nothing behind. Once per store.
 */
describe.each<StoreKind>(['memory', 'redis'])('verified customers over HTTP (%s store)', (storeKind) => {
  let app: Running;
  let fake: FakeOpenAIServer;
  let offline: Running;

  beforeAll(async () => {
    fake = await startFakeOpenAIServer();
    app = await startTestApp({
      store: storeKind,
      env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', ROUTER_MODEL_ENABLED: 'false', MODEL_TIMEOUT_MS: '5000', VERIFY_ATTEMPTS_PER_HOUR: '3' },
    });
    offline = await startTestApp({ store: storeKind, env: { VERIFY_ATTEMPTS_PER_HOUR: '3' } });
  });
  afterAll(async () => {
    await app?.stop();
    await offline?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  const claims = (a: Running) => a.composed.store.store.listRecords<{ id: string }>(WARRANTY_CLAIMS_COLLECTION, { limit: 1000 });
  const returns = (a: Running) => a.composed.store.store.listRecords<{ id: string; orderId: string }>(RETURNS_COLLECTION, { limit: 1000 });

  it('an enumeration loop over order numbers learns nothing: every answer is the same question', async () => {
    const chat = await openConversation(offline.url);
    const replies: string[] = [];
    // Real orders (SB-10001…) and numbers that do not exist (SB-19990…) look the same.
    for (const n of [10001, 10002, 10005, 10031, 19990, 19991]) {
      const res = await chat.send(`what is the status of order SB-${n}?`);
      expect(res.status).toBe(200);
      replies.push(res.body.reply.text.replaceAll(`SB-${n}`, 'SB-N'));
    }
    expect(new Set(replies).size).toBe(1);
    expect(replies[0]).toMatch(/e-mail address/);
    const everything = JSON.stringify((await chat.history()).messages);
    for (const leak of ['Vireo', 'Hushwave', 'Stride', 'Orbit', 'delivered', 'Parcelwing', 'Northpost', 'Swiftline']) expect(everything).not.toContain(leak);
  });

  it("a stranger's \"return order X\" then \"yes\" creates nothing", async () => {
    const before = (await returns(offline)).length;
    const chat = await openConversation(offline.url);
    const first = await chat.send("I'd like to return order SB-10031");
    expect(first.body.reply.text).toMatch(/e-mail address/);
    expect(first.body.reply.attachments?.proposal).toBeUndefined();
    const yes = await chat.send('yes');
    expect(yes.status).toBe(200);
    expect(yes.body.reply.attachments?.proposal).toBeUndefined();
    expect((await returns(offline)).length).toBe(before);
    expect(JSON.stringify((await chat.history()).messages)).not.toContain('Orbit');
  });

  it('a wrong e-mail reveals nothing (not even which part was wrong), and the attempts are limited', async () => {
    // Its own app: failures count per client address, and every test here comes from 127.0.0.1.
    const limited = await startTestApp({ store: storeKind, env: { VERIFY_ATTEMPTS_PER_HOUR: '3' } });
    try {
      await wrongEmails(limited);
    } finally {
      await limited.stop();
    }
  });

  async function wrongEmails(offline: Running) {
    const chat = await openConversation(offline.url);
    await chat.send('return order SB-10031 please');
    const wrong = await chat.send('it is stranger@example.com');
    const missing = await (async () => {
      const other = await openConversation(offline.url);
      await other.send('return order SB-19999 please');
      return other.send('it is stranger@example.com');
    })();
    expect(wrong.body.reply.text).toBe(missing.body.reply.text);
    expect(wrong.body.reply.text).toMatch(/couldn't match/);
    for (const leak of ['Orbit', 'smartphone', 'delivered', 'exist']) expect(wrong.body.reply.text.toLowerCase()).not.toContain(leak.toLowerCase());
    // Past the limit (3 an hour in this app) no check is made and a person is offered.
    await chat.send('try maybe@example.com');
    const locked = await chat.send('then maya.ortiz@example.com');
    expect(locked.body.reply.text).toMatch(/several tries/);
    expect(locked.body.reply.attachments?.offerHuman).toBe(true);
    const conversation = await offline.composed.store.store.getConversation(chat.conversationId);
    expect(conversation?.customer).toBeUndefined();
    expect(conversation?.flags).toContain('verification_failed');
  }

  it('the right e-mail, then a confirmation, creates exactly one return, and the audit trail says how', async () => {
    const chat = await openConversation(offline.url);
    const ask = await chat.send('I want to return the phone from order SB-10007, the screen is too small');
    expect(ask.body.reply.text).toMatch(/e-mail address/);
    const verified = await chat.send('AMARA.NWOSU@example.com ');
    expect(verified.body.route.skill).toBe('returns');
    expect(verified.body.reply.text).toMatch(/confirmed/);
    expect(verified.body.reply.attachments?.proposal).toMatchObject({ kind: 'start_return', orderId: 'SB-10007' });
    const done = await chat.send('yes please');
    expect(done.body.reply.text).toContain('RET-10007-PHN-5001');
    const again = await chat.send('yes');
    expect(again.body.reply.text).not.toContain('Done');
    expect((await returns(offline)).filter((r) => r.orderId === 'SB-10007')).toHaveLength(1);
    const audit = await offline.composed.store.store.listRecords(auditCollectionOf(chat.conversationId));
    expect(audit).toEqual([expect.objectContaining({ action: 'start_return', orderId: 'SB-10007', outcome: 'executed', verifiedBy: 'order_email', confirmedBy: { kind: 'customer_message' } })]);
    // The e-mail is not kept as typed in the transcript.
    const stored = JSON.stringify(await offline.composed.store.store.getMessages(chat.conversationId));
    expect(stored.toLowerCase()).not.toContain('amara.nwosu@example.com');
  });

  it("the widget's confirm button runs the proposal once; a second press is refused", async () => {
    const chat = await openConversation(offline.url, { signedInAs: 'SB-10013' });
    const claim = await chat.send('my stick vacuum from SB-10013 stopped charging, please open a warranty claim');
    const proposal = claim.body.reply.attachments?.proposal;
    expect(proposal).toMatchObject({ kind: 'open_warranty_claim', orderId: 'SB-10013' });
    const press = () =>
      fetch(`${offline.url}/api/chat/conversations/${chat.conversationId}/proposals/${proposal.id}`, {
        method: 'POST',
        headers: { ...chat.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'confirm' }),
      });
    const first = await press();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { reply: { text: string } }).reply.text).toContain('WC-10013-CLN-2001');
    const second = await press();
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('proposal_not_pending');
    const claims = await offline.composed.store.store.listRecords<{ id: string }>(WARRANTY_CLAIMS_COLLECTION, { limit: 1000 });
    expect(claims.filter((c) => c.id === 'WC-10013-CLN-2001')).toHaveLength(1);
    const audit = await offline.composed.store.store.listRecords(AUDIT_COLLECTION, { limit: 1000 });
    expect(audit).toContainEqual(expect.objectContaining({ action: 'open_warranty_claim', verifiedBy: 'identity_token', confirmedBy: { kind: 'customer_button' } }));
    const bad = await fetch(`${offline.url}/api/chat/conversations/${chat.conversationId}/proposals/${proposal.id}`, {
      method: 'POST',
      headers: { ...chat.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'maybe' }),
    });
    expect(bad.status).toBe(400);
  });

  it('a model that calls start_return for an order the customer never named is refused by the tool layer', async () => {
    // Signed in as the owner of SB-10001 and SB-10031 (the same customer), asking about SB-10001 only.
    const chat = await openConversation(app.url, { signedInAs: 'SB-10001' });
    fake.enqueue(
      { kind: 'tool_calls', calls: [{ name: 'start_return', arguments: { order_id: 'SB-10031', sku: 'PHN-5002', reason: 'model decided' } }] },
      { kind: 'text', text: 'Let me know which item you mean.' },
    );
    const res = await chat.send('I want to send the blender from order SB-10001 back for a refund');
    expect(res.status).toBe(200);
    expect(res.body.route.skill).toBe('returns');
    const toolResult = JSON.parse(fake.requests[1]!.toolResults[0]!.content) as Record<string, unknown>;
    expect(toolResult).toMatchObject({ refused: true, reason: 'order_not_named' });
    // Whatever answers in the end proposes nothing for the order the customer never named.
    expect(res.body.reply.attachments?.proposal?.orderId).not.toBe('SB-10031');
    await chat.send('yes');
    expect((await returns(app)).filter((r) => r.orderId === 'SB-10031')).toHaveLength(0);
  });

  it('a reply the guard rejects leaves no proposal behind, so a later "yes" creates nothing', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10028' });
    // Both attempts propose the return and then state a wrong window: the guard rejects both,
    // the offline answer goes out instead (it proposes again only from its own, checked, attempt).
    const lying = [
      { kind: 'tool_calls' as const, calls: [{ name: 'start_return', arguments: { order_id: 'SB-10028', sku: 'AUD-4007', reason: 'too big' } }] },
      { kind: 'text' as const, text: 'Sure! You have 365 days to return it and a full cash refund. Shall I start it?' },
    ];
    fake.enqueue(...lying, ...lying);
    const res = await chat.send('the soundbar from SB-10028 is too big, can I send it back?');
    expect(res.body.reply.offline).toBe(true);
    const conversation = await app.composed.store.store.getConversation(chat.conversationId);
    // Only the offline attempt's own proposal may be pending, never the rejected drafts'.
    const pending = conversation?.proposal;
    if (pending) expect(res.body.reply.attachments?.proposal?.id).toBe(pending.id);
    expect(res.body.reply.text).not.toContain('365');
    const before = (await returns(app)).filter((r) => r.orderId === 'SB-10028').length;
    expect(before).toBe(0);
  });

  it('a rejected draft that proposed a claim leaves nothing pending when the offline answer proposes nothing; "yes" then opens nothing', async () => {
    // The test above allows the offline attempt's own proposal (the offline returns answer proposes
    // one). Here the customer only asks whether the item is covered, which the offline answer
    // answers without proposing, so a pending proposal could only be the rejected drafts'.
    const chat = await openConversation(app.url, { signedInAs: 'SB-10028' });
    const lying = [
      { kind: 'tool_calls' as const, calls: [{ name: 'open_warranty_claim', arguments: { order_id: 'SB-10028', sku: 'AUD-4007', issue: 'no sound from the left side' } }] },
      { kind: 'text' as const, text: 'It is covered until 2035 and I will refund you $900 today. Shall I open the claim?' },
    ];
    fake.enqueue(...lying, ...lying);
    const claimsBefore = (await claims(app)).length;
    const res = await chat.send('is the soundbar from SB-10028 still under warranty?');
    expect(res.status).toBe(200);
    expect(res.body.route.skill).toBe('warranty');
    // The drafts did propose (the tool said so), and the guard rejected them.
    expect(fake.requests.some((r) => r.toolResults.some((t) => t.content.includes('"proposed":true')))).toBe(true);
    expect(res.body.reply.offline).toBe(true);
    expect(res.body.reply.text).not.toContain('2035');
    expect(res.body.reply.attachments?.proposal).toBeUndefined();
    expect((await app.composed.store.store.getConversation(chat.conversationId))?.proposal).toBeUndefined();
    const yes = await chat.send('yes');
    expect(yes.status).toBe(200);
    expect((await claims(app)).length).toBe(claimsBefore);
  });

  it('a forged, expired or wrongly signed identity token gets a 401 naming the problem; a good one verifies', async () => {
    const create = (identityToken: string) =>
      fetch(`${app.url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identityToken }) });
    const cases: Array<[string, Promise<string>, RegExp]> = [
      ['forged', identityTokenFor('SB-10001', { secret: 'another-secret-entirely-0123456789abc' }), /signature/],
      ['expired', mintIdentityToken({ secret: TEST_IDENTITY_SECRET, customerId: 'x', email: owner('SB-10001').email, now: Date.now() - 7200_000, ttlSeconds: 60 }), /expired/],
      ['garbage', Promise.resolve('not-a-jwt'), /not a signed JWT/],
    ];
    for (const [name, token, message] of cases) {
      const res = await create(await token);
      expect(res.status, name).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, name).toBe('identity_token_invalid');
      expect(body.error.message, name).toMatch(message);
    }
    const good = await create(await identityTokenFor('SB-10001'));
    expect(good.status).toBe(201);
    const created = (await good.json()) as { conversationId: string; verified: boolean };
    expect(created.verified).toBe(true);
    const conversation = await app.composed.store.store.getConversation(created.conversationId);
    expect(conversation?.customer).toMatchObject({ email: owner('SB-10001').email, method: 'identity_token' });
  });

  it('a conversation is bound to one customer for its lifetime', async () => {
    const chat = await openConversation(app.url, { signedInAs: 'SB-10001' });
    const bind = (identityToken: string) =>
      fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/identity`, { method: 'POST', headers: { ...chat.auth, 'content-type': 'application/json' }, body: JSON.stringify({ identityToken }) });
    expect((await bind(await identityTokenFor('SB-10001'))).status).toBe(200);
    const other = await bind(await identityTokenFor('SB-10005'));
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('customer_already_bound');
  });
});
