import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { ROOT, type Running } from '../../src/main.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';
import { isRouterCall } from '../helpers/model-requests.js';

/**
 * Live reload as deployed: two composed apps (two processes' worth of wiring) watching
 * one private copy of the shipped skills/ and prompts/. An edit reaches the next message
 * of both without a restart, the router retrains on new examples, and a broken edit is
 * rejected with a log line naming the file while the last good version keeps serving.
 */

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg: string;
}

function recordingLogger(lines: Line[]): Logger {
  const log =
    (level: string) =>
    (obj: object | string, msg?: string): void => {
      lines.push(typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
    };
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const MARKER = 'Holiday note: items delivered in December can come back until January 31.';
const NOVEL = 'quibblewick';

let root: string;
let fake: FakeOpenAIServer;
const apps: Running[] = [];
const logs: Line[][] = [[], []];

async function edit(rel: string, change: (t: string) => string): Promise<void> {
  const file = path.join(root, rel);
  const before = await readFile(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`edit of ${rel} changed nothing`);
  await writeFile(file, after);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'switchboard-live-'));
  await cp(path.join(ROOT, 'skills'), path.join(root, 'skills'), { recursive: true });
  await cp(path.join(ROOT, 'prompts'), path.join(root, 'prompts'), { recursive: true });
  fake = await startFakeOpenAIServer();
  fake.handle((req) => (isRouterCall(req) ? { kind: 'json', value: { skill: 'returns', confidence: 0.9, reason: 'test' } } : { kind: 'text', text: 'Happy to help with your return.' }));
  for (const i of [0, 1]) {
    apps.push(
      await startTestApp({
        env: {
          OPENAI_BASE_URL: fake.baseURL,
          OPENAI_API_KEY: 'k',
          SKILLS_DIR: path.join(root, 'skills'),
          PROMPTS_DIR: path.join(root, 'prompts'),
          SKILLS_WATCH: 'true',
        },
        overrides: { logger: recordingLogger(logs[i]!) },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.stop();
  await fake?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** One returns message through the web chat of `app`; the system prompt the model received. */
async function systemPromptSeenBy(app: Running): Promise<string> {
  fake.reset();
  fake.handle((req) => (isRouterCall(req) ? { kind: 'json', value: { skill: 'returns', confidence: 0.9, reason: 'test' } } : { kind: 'text', text: 'Happy to help with your return.' }));
  const chat = await openConversation(app.url);
  const res = await chat.send('I would like to return the jumper I bought, it is too small');
  expect(res.status).toBe(200);
  expect(res.body.reply.skill).toBe('returns');
  const call = fake.requests.find((r) => !isRouterCall(r));
  return String(call?.messages[0]?.content ?? '');
}

describe('live reload across composed apps', () => {
  it('an edited prompt is used on the next message of both apps, without a restart', async () => {
    for (const app of apps) expect(await systemPromptSeenBy(app)).not.toContain(MARKER);
    const versions = apps.map((a) => a.composed.skills.current().version);
    await edit('prompts/returns/system.md', (t) => `${t.trimEnd()}\n\n${MARKER}\n`);
    // Wait for the edited text itself, not any new version: writeFile truncates before it writes,
    // so a watcher can load the file half-written (a valid, shorter prompt) and then once more.
    const loaded = (a: Running): boolean => a.composed.skills.current().skills.get('returns')?.prompts['default']?.system.includes(MARKER) ?? false;
    await waitFor('both apps to load the edit', () => apps.every((a, i) => a.composed.skills.current().version !== versions[i] && loaded(a)));
    expect(apps[0]!.composed.skills.current().version).toBe(apps[1]!.composed.skills.current().version);
    for (const app of apps) expect(await systemPromptSeenBy(app)).toContain(MARKER);
  });

  it('new routing examples retrain the router of both apps', async () => {
    // Close to the new examples: this checks that both apps retrain live, not how far the router generalises.
    const text = `my ${NOVEL} stopped working, is it covered by the guarantee`;
    const before = apps.map((a) => a.composed.router.classify(text));
    const versions = apps.map((a) => a.composed.skills.current().version);
    await edit('skills/warranty/skill.yaml', (t) =>
      t.replace(/\nexamples:\n/, `\nexamples:\n  - the ${NOVEL} I bought broke after a week\n  - ${NOVEL} stopped working, is it covered\n  - can you repair my ${NOVEL} under the guarantee\n`),
    );
    await waitFor('both apps to reload', () => apps.every((a, i) => a.composed.skills.current().version !== versions[i]));
    for (const [i, app] of apps.entries()) {
      const after = app.composed.router.classify(text);
      expect(after.skill).toBe('warranty');
      const warrantyBefore = before[i]!.skill === 'warranty' ? before[i]!.confidence : 0;
      expect(after.confidence).toBeGreaterThan(warrantyBefore);
    }
  });

  it('a broken edit is rejected with a log line naming the file and field; the last good version keeps serving', async () => {
    const versions = apps.map((a) => a.composed.skills.current().version);
    const seen = logs.map((l) => l.length);
    await edit('skills/returns/skill.yaml', (t) => t.replace(/temperature: [\d.]+/, 'temperature: warm'));
    const rejected = await waitFor('both apps to reject the edit', () => {
      const found = logs.map((l, i) => l.slice(seen[i]).find((x) => x.level === 'error' && x.msg.startsWith('skill reload rejected')));
      return found.every(Boolean) ? found : null;
    });
    for (const line of rejected) {
      expect(line!.msg).toMatch(/skills\/returns\/skill\.yaml/);
      expect(line!.msg).toMatch(/temperature/);
      expect(line!.msg).toMatch(/still serving version/);
    }
    for (const [i, app] of apps.entries()) {
      expect(app.composed.skills.current().version).toBe(versions[i]);
      // Still answering, with the last good prompt (the marker from the first edit).
      expect(await systemPromptSeenBy(app)).toContain(MARKER);
    }
    // Fixing the file brings both back to a new good version.
    await edit('skills/returns/skill.yaml', (t) => t.replace('temperature: warm', 'temperature: 0.25'));
    await waitFor('both apps to load the fix', () => apps.every((a, i) => a.composed.skills.current().version !== versions[i]));
    for (const app of apps) expect(app.composed.skills.current().skills.get('returns')!.manifest.model.temperature).toBe(0.25);
  });
});
