import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { owner } from '../commerce/demo-fixture.js';
import { useModelApp } from '../helpers/model-app.js';
import { openConversation, startTestApp, type StoreKind } from '../helpers/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * What a verification with an order number and its e-mail answers, over the real HTTP API. On
 * main: a verification that also asked a real out-of-scope question got the order's status; an
 * order left in focus by an earlier lookup the customer could not see (not verified, not found)
 * won over the order they then verified with; and after "order X is yours: what would you like
 * to know?" (a skill set without an order lookup), "where is it?" went out of scope.
 */
describe.each<StoreKind>(['memory', 'redis'])('the verified order (%s store, offline)', (storeKind) => {
  let app: Running;
  beforeAll(async () => {
    app = await startTestApp({ store: storeKind });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(["what's the weather tomorrow?", 'can you recommend a good movie?'])('"<order> <e-mail> %s" is confirmed and answered as out of scope', async (question) => {
    const chat = await openConversation(app.url);
    const res = await chat.send(`SB-10001 ${owner('SB-10001').email} ${question}`);
    expect(res.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(res.body.route.skill).toBe('other');
    expect(res.body.reply.text).not.toContain('PA79197919');
  });

  it('greetings and thanks around the order details still ask nothing', async () => {
    const chat = await openConversation(app.url);
    const res = await chat.send(`hi, my order is SB-10001, email ${owner('SB-10001').email}, thanks`);
    expect(res.body.route.skill).toBe('order_status');
    expect(res.body.reply.text).toContain('PA79197919');
  });

  it.each([
    { asked: 'where is order SB-10002?', why: 'not verified' },
    { asked: 'where is order SB-19999?', why: 'no such order' },
  ])('an earlier lookup of another order ($why) does not win over the order verified with', async ({ asked }) => {
    const chat = await openConversation(app.url);
    const first = await chat.send(asked);
    expect(first.body.reply.text).toMatch(/e-mail address/);
    const verified = await chat.send(`SB-10005 ${owner('SB-10005').email}`);
    expect(verified.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(verified.body.reply.text).toContain('SB-10005');
    expect(verified.body.reply.text).not.toMatch(/couldn't find/);
    const where = await chat.send('when will it arrive?');
    expect(where.body.reply.text).toContain('SB-10005');
    expect(where.body.reply.text).toContain('PA79229595');
  });

  it('the e-mail alone, after the bot asked for it, still continues the request about that order', async () => {
    const chat = await openConversation(app.url);
    await chat.send('where is order SB-10005?');
    const res = await chat.send(owner('SB-10005').email);
    expect(res.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(res.body.reply.text).toContain('PA79229595');
  });
});

describe('after "order X is yours: what would you like to know?" (no order-lookup skill)', () => {
  let app: Running;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'switchboard-no-lookup-'));
    await cp(path.join(ROOT, 'skills'), path.join(root, 'skills'), { recursive: true });
    const manifest = path.join(root, 'skills/order_status/skill.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/^orderLookup: true$/m, ''));
    app = await startTestApp({ env: { SKILLS_DIR: path.join(root, 'skills'), STORE_DIR: path.join(ROOT, 'skills/_store') } });
  });
  afterAll(async () => {
    await app?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('"where is it?" is about the verified order', async () => {
    const chat = await openConversation(app.url);
    const first = await chat.send(`SB-10001 ${owner('SB-10001').email}`);
    expect(first.body.reply.text).toBe("Thanks, that's confirmed: order SB-10001 is yours. What would you like to know or do about it?");
    const where = await chat.send('where is it?');
    expect(where.body.route.skill).toBe('order_status');
    expect(where.body.reply.text).toContain('SB-10001');
    expect(where.body.reply.text).toContain('PA79197919');
  });
});

describe('the verified order with a model', () => {
  const model = useModelApp();
  const { toolResults } = model;

  it('a tool call without an order number gets the order verified with, not the one an earlier refused lookup left', async () => {
    const chat = await openConversation(model.app.url);
    model.fake.enqueue({ kind: 'tool_calls', calls: [{ name: 'get_order_status', arguments: { order_id: 'SB-10002' } }] }, { kind: 'text', text: 'What is the e-mail on that order?' });
    await chat.send('where is order SB-10002?');
    expect(toolResults()).toEqual([expect.objectContaining({ verification_needed: true })]);

    model.fake.reset();
    model.fake.enqueue({ kind: 'tool_calls', calls: [{ name: 'get_order_status', arguments: {} }] }, { kind: 'text', text: 'It is on its way.' });
    const verified = await chat.send(`SB-10005 ${owner('SB-10005').email}`);
    expect(verified.body.reply.text).toMatch(/^Thanks, that's confirmed\./);
    expect(toolResults()).toEqual([expect.objectContaining({ found: true, order: expect.objectContaining({ id: 'SB-10005' }) })]);

    model.fake.reset();
    model.fake.enqueue({ kind: 'tool_calls', calls: [{ name: 'get_order_status', arguments: {} }] }, { kind: 'text', text: 'It arrives on the 9th.' });
    await chat.send('when will it arrive?');
    expect(toolResults()).toEqual([expect.objectContaining({ found: true, order: expect.objectContaining({ id: 'SB-10005' }) })]);
  });
});
