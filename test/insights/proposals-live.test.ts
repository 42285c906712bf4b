import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/assist/password-hash.js';
import { ROOT, type Running } from '../../src/main.js';
import { TEST_SCRYPT, signIn, type AgentClient } from '../assist/assist-harness.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

/*
 * Closing the loop on two processes (two composed apps on one Redis prefix, both watching one
 * private copy of skills/ and prompts/): an agent proposes messages as routing examples, the
 * router eval runs before and after, an agent who is not an admin cannot accept, an admin
 * accepts, and both processes route the new phrasing to the new skill on the next message;
 * the admin reverts and both route as before. The change log keeps who, when and the evals.
 */

const NOVEL = 'fizzlecrank';
const PROBE = `${NOVEL} problem again`;
const EXAMPLES = [`the ${NOVEL} I bought last month broke`, `${NOVEL} stopped working, is it still covered`, `can you repair my ${NOVEL} under the guarantee`, `my ${NOVEL} is faulty`, `${NOVEL} problem`];

let root: string;
const apps: Running[] = [];
let admin: AgentClient;
let agent: AgentClient;

async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function routeOn(app: Running): Promise<string> {
  const chat = await openConversation(app.url);
  const res = await chat.send(PROBE);
  expect(res.status).toBe(200);
  return res.body.route.skill;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'switchboard-proposals-'));
  await cp(path.join(ROOT, 'skills'), path.join(root, 'skills'), { recursive: true });
  await cp(path.join(ROOT, 'prompts'), path.join(root, 'prompts'), { recursive: true });
  const accounts = [`alice:${await hashPassword('alice password 1', TEST_SCRYPT)}:role=admin`, `bob:${await hashPassword('bob password 22', TEST_SCRYPT)}`].join(',');
  const prefix = `t:${randomUUID().slice(0, 8)}:`;
  for (let i = 0; i < 2; i++) {
    apps.push(
      await startTestApp({
        store: 'redis',
        env: { AGENT_ACCOUNTS: accounts, SKILLS_DIR: path.join(root, 'skills'), PROMPTS_DIR: path.join(root, 'prompts'), SKILLS_WATCH: 'true' },
        overrides: { redisPrefix: prefix },
      }),
    );
  }
  admin = await signIn(apps[0]!.url, 'alice', 'alice password 1');
  agent = await signIn(apps[1]!.url, 'bob', 'bob password 22');
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('routing proposals change routing live on two processes', () => {
  it('proposes with a before/after eval, only an admin accepts, both processes route anew, and a revert restores them', async () => {
    const before = await Promise.all(apps.map(routeOn));
    expect(before).not.toContain('warranty');

    const { proposal } = await agent.json('POST', '/insights/proposals', { source: 'topic', skill: 'warranty', texts: EXAMPLES, note: `topic "${NOVEL}"` });
    expect(proposal.status).toBe('proposed');
    expect(proposal.changes).toEqual([{ skill: 'warranty', add: EXAMPLES, remove: [] }]);
    expect(proposal.eval.files.length).toBeGreaterThanOrEqual(8);
    expect(proposal.eval.before.n).toBe(proposal.eval.after.n);
    expect(Object.keys(proposal.eval.before.perLabel)).toContain('warranty');
    expect(proposal.eval.proposed.every((p: { after: string }) => p.after === 'warranty')).toBe(true);
    // For the record: the eval an admin sees before accepting.
    console.log(
      `routing proposal eval on ${proposal.eval.files.length} files (n=${proposal.eval.before.n}): accuracy ${proposal.eval.before.accuracy.toFixed(4)} -> ${proposal.eval.after.accuracy.toFixed(4)}; ` +
        Object.entries(proposal.eval.before.perLabel as Record<string, { recall: number }>)
          .map(([l, b]) => `${l} ${b.recall.toFixed(3)} -> ${proposal.eval.after.perLabel[l].recall.toFixed(3)}`)
          .join(', ') +
        `; ${proposal.eval.changed.length} eval messages change route`,
    );

    const refused = await agent.call('POST', `/insights/proposals/${proposal.id}/accept`, {});
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('admin_only');

    const versions = apps.map((a) => a.composed.skills.current().version);
    const accepted = await admin.json('POST', `/insights/proposals/${proposal.id}/accept`, {});
    expect(accepted.proposal).toMatchObject({ status: 'accepted', accepted: { by: 'alice' } });
    const file = await readFile(path.join(root, 'skills/warranty/skill.yaml'), 'utf8');
    for (const e of EXAMPLES) expect(file).toContain(`  - ${e}\n`);
    expect(file).toContain('model: { temperature:');
    await waitFor('both processes to reload', () => apps.every((a, i) => a.composed.skills.current().version !== versions[i]));
    expect(await Promise.all(apps.map(routeOn))).toEqual(['warranty', 'warranty']);
    expect((await agent.call('POST', `/insights/proposals/${proposal.id}/accept`, {})).status).toBe(403);
    expect((await admin.call('POST', `/insights/proposals/${proposal.id}/accept`, {})).status).toBe(409);

    const reloaded = apps.map((a) => a.composed.skills.current().version);
    const reverted = await admin.json('POST', `/insights/proposals/${proposal.id}/revert`, {});
    expect(reverted.proposal).toMatchObject({ status: 'reverted', reverted: { by: 'alice' }, accepted: { by: 'alice' } });
    await waitFor('both processes to reload the revert', () => apps.every((a, i) => a.composed.skills.current().version !== reloaded[i]));
    expect(await Promise.all(apps.map(routeOn))).toEqual(before);
    expect(await readFile(path.join(root, 'skills/warranty/skill.yaml'), 'utf8')).not.toContain(NOVEL);

    // The change log, from either process.
    const { proposals } = await agent.json('GET', '/insights/proposals');
    expect(proposals[0]).toMatchObject({ id: proposal.id, createdBy: 'bob', status: 'reverted' });
  }, 60_000);

  it('moves an example another skill had (one sentence teaches one route); with no corrections there is nothing to propose', async () => {
    const { proposal } = await agent.json('POST', '/insights/proposals', { source: 'topic', skill: 'warranty', texts: ['how do I get a refund'] });
    expect(proposal.changes).toHaveLength(2);
    expect(proposal.changes).toEqual(
      expect.arrayContaining([
        { skill: 'returns', add: [], remove: ['how do I get a refund'] },
        { skill: 'warranty', add: ['how do I get a refund'], remove: [] },
      ]),
    );
    expect((await agent.call('POST', `/insights/proposals/${proposal.id}/withdraw`, {})).status).toBe(200);
    const nothing = await agent.call('POST', '/insights/proposals', { source: 'corrections' });
    expect(nothing.status).toBe(400);
    expect((await nothing.json()).error.code).toBe('nothing_to_propose');
  }, 60_000);
});
