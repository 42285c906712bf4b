import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/assist/password-hash.js';
import { ROOT, type Running } from '../../src/main.js';
import { TEST_SCRYPT, signIn, type AgentClient } from '../assist/assist-harness.js';
import { startTestApp } from '../helpers/test-app.js';

/*
 * A routing proposal is checked by prompts:check in a staged copy of skills/ and prompts/
 * before it is written. With STORE_DIR set, the app serves that store, so the check must fill
 * and check the prompts against it, not against whatever skills/_store holds. Here the copy's
 * skills/_store has a catalog that does not load; the served store (STORE_DIR) is sound, so
 * the proposal is accepted. Checked against skills/_store, it was refused as invalid.
 */

let root: string;
let app: Running;
let admin: AgentClient;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'switchboard-proposals-store-'));
  await cp(path.join(ROOT, 'skills'), path.join(root, 'skills'), { recursive: true });
  await cp(path.join(ROOT, 'prompts'), path.join(root, 'prompts'), { recursive: true });
  await cp(path.join(ROOT, 'skills/_store'), path.join(root, 'store'), { recursive: true });
  // Not a catalog: a store read from here fails to load.
  await writeFile(path.join(root, 'skills/_store/catalog.yaml'), 'products: 42\n');
  const accounts = `alice:${await hashPassword('alice password 1', TEST_SCRYPT)}:role=admin`;
  app = await startTestApp({
    env: { AGENT_ACCOUNTS: accounts, SKILLS_DIR: path.join(root, 'skills'), PROMPTS_DIR: path.join(root, 'prompts'), STORE_DIR: path.join(root, 'store') },
  });
  admin = await signIn(app.url, 'alice', 'alice password 1');
}, 60_000);

afterAll(async () => {
  await app?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('routing proposals under STORE_DIR', () => {
  it('checks the staged change against the store the app serves', async () => {
    const example = 'my glimmerwand stopped working, is it covered';
    const { proposal } = await admin.json('POST', '/insights/proposals', { source: 'topic', skill: 'warranty', texts: [example] });
    expect(proposal.status).toBe('proposed');
    const res = await admin.call('POST', `/insights/proposals/${proposal.id}/accept`, {});
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.proposal.status).toBe('accepted');
    expect(await readFile(path.join(root, 'skills/warranty/skill.yaml'), 'utf8')).toContain(`  - ${example}\n`);
  }, 60_000);
});

describe('routing proposals whose staged store does not load', () => {
  let other: Running;
  let otherRoot: string;
  afterAll(async () => {
    await other?.stop();
    if (otherRoot) await rm(otherRoot, { recursive: true, force: true });
  });

  it('answers 422 naming the file, not a 500, and writes nothing', async () => {
    otherRoot = await mkdtemp(path.join(tmpdir(), 'switchboard-proposals-broken-'));
    await cp(path.join(ROOT, 'skills'), path.join(otherRoot, 'skills'), { recursive: true });
    await cp(path.join(ROOT, 'prompts'), path.join(otherRoot, 'prompts'), { recursive: true });
    const accounts = `alice:${await hashPassword('alice password 1', TEST_SCRYPT)}:role=admin`;
    other = await startTestApp({ env: { AGENT_ACCOUNTS: accounts, SKILLS_DIR: path.join(otherRoot, 'skills'), PROMPTS_DIR: path.join(otherRoot, 'prompts') } });
    const alice = await signIn(other.url, 'alice', 'alice password 1');
    // The served store's catalog is broken after start (no watcher in this test app): the
    // running app keeps what it loaded, the staged check reads the broken file.
    await writeFile(path.join(otherRoot, 'skills/_store/catalog.yaml'), 'products: 42\n');
    const example = 'my glimmerwand stopped working, is it covered';
    const { proposal } = await alice.json('POST', '/insights/proposals', { source: 'topic', skill: 'warranty', texts: [example] });
    const res = await alice.call('POST', `/insights/proposals/${proposal.id}/accept`, {});
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(422);
    expect(body.error.code).toBe('invalid');
    expect(body.error.message).toContain('catalog.yaml');
    expect(await readFile(path.join(otherRoot, 'skills/warranty/skill.yaml'), 'utf8')).not.toContain(example);
  }, 60_000);
});
