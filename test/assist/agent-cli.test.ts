import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgentDirectory, parseAgentAccounts } from '../../src/assist/agent-accounts.js';
import { CORRECTIONS_COLLECTION, type Correction } from '../../src/assist/corrections.js';
import { DEMO_CANDIDATES_COLLECTION, type DemonstrationCandidate } from '../../src/assist/demonstration-candidates.js';
import { verifyPassword } from '../../src/assist/password-hash.js';
import { run as agentAdd } from '../../src/cli/agent-add.js';
import { run as exportCorrections } from '../../src/cli/export-corrections.js';
import { main as evalMain } from '../../src/cli/eval.js';
import { demonstrationsFileSchema } from '../../src/skills/demonstrations.js';
import { redisBundles } from './assist-harness.js';

const redis = redisBundles('cli');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function sink() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

describe('npm run agent:add', () => {
  it('without REDIS_URL prints an AGENT_ACCOUNTS entry that signs in', async () => {
    const out = sink();
    const err = sink();
    const code = await agentAdd(['--name', 'alice', '--password-stdin'], {
      stdin: Readable.from(['a long enough password\n']),
      stdout: out.stream,
      stderr: err.stream,
      env: {},
    });
    expect(code).toBe(0);
    expect(err.text()).toContain('REDIS_URL is not set');
    const line = out.text().trim();
    expect(line).toMatch(/^AGENT_ACCOUNTS=alice:scrypt\.\d+\.\d+\.\d+\./);
    const accounts = parseAgentAccounts(line.slice('AGENT_ACCOUNTS='.length));
    expect(await verifyPassword('a long enough password', accounts.get('alice')!.hash)).toBe(true);
    expect(await verifyPassword('a long enough passwore', accounts.get('alice')!.hash)).toBe(false);
  });

  it('--display-name sets what customers see; it is kept in the entry, and a bad one is refused', async () => {
    const out = sink();
    const code = await agentAdd(['--name', 'dk', '--display-name', 'Dana K.', '--password-stdin'], {
      stdin: Readable.from(['dana password one\n']),
      stdout: out.stream,
      stderr: sink().stream,
      env: {},
    });
    expect(code).toBe(0);
    const line = out.text().trim();
    expect(line).toMatch(/^AGENT_ACCOUNTS=dk:scrypt\.[^:]+:Dana K\.$/);
    const accounts = parseAgentAccounts(line.slice('AGENT_ACCOUNTS='.length));
    expect(accounts.get('dk')).toMatchObject({ name: 'dk', displayName: 'Dana K.' });
    const err = sink();
    expect(await agentAdd(['--name', 'dk', '--display-name', 'Dana, the boss: <b>', '--password-stdin'], { stdin: Readable.from(['x\n']), stdout: sink().stream, stderr: err.stream, env: {} })).toBe(2);
    expect(err.text()).toMatch(/--display-name .* is not valid/);
    expect(() => parseAgentAccounts(`${line.slice('AGENT_ACCOUNTS='.length)}<script>`)).toThrow(/AGENT_ACCOUNTS: entry 1 \("dk"\): the display name/);
  });

  it('keeps the other accounts already in AGENT_ACCOUNTS and replaces one with the same name', async () => {
    const first = sink();
    await agentAdd(['--name', 'bob', '--password-stdin'], { stdin: Readable.from(['bob password one\n']), stdout: first.stream, stderr: sink().stream, env: {} });
    const bobEntry = first.text().trim().slice('AGENT_ACCOUNTS='.length);
    const out = sink();
    await agentAdd(['--name=carol', '--password-stdin'], {
      stdin: Readable.from(['carol password!\n']),
      stdout: out.stream,
      stderr: sink().stream,
      env: { AGENT_ACCOUNTS: bobEntry },
    });
    const accounts = parseAgentAccounts(out.text().trim().slice('AGENT_ACCOUNTS='.length));
    expect([...accounts.keys()]).toEqual(['bob', 'carol']);
  });

  it('with REDIS_URL stores the account where every app process finds it', async () => {
    const prefix = redis.nextPrefix();
    const out = sink();
    const code = await agentAdd(['--name', 'Dana', '--password-stdin'], {
      stdin: Readable.from(['dana has a password\n']),
      stdout: out.stream,
      stderr: sink().stream,
      env: { REDIS_URL: redis.url },
      openStore: () => redis.on(prefix),
    });
    expect(code).toBe(0);
    expect(out.text()).toContain('saved in Redis');
    const bundle = await redis.on(prefix);
    try {
      const found = await createAgentDirectory(bundle.store, new Map()).find('dana');
      expect(found).toMatchObject({ name: 'Dana', source: 'store' });
      expect(await verifyPassword('dana has a password', found!.hash)).toBe(true);
    } finally {
      await bundle.close();
    }

    const io = { stdin: Readable.from([]), stdout: sink().stream, stderr: sink().stream, env: { REDIS_URL: redis.url }, openStore: () => redis.on(prefix) };
    expect(await agentAdd(['--name', 'dana', '--remove'], io)).toBe(0);
    const after = await redis.on(prefix);
    try {
      expect(await createAgentDirectory(after.store, new Map()).find('dana')).toBeNull();
    } finally {
      await after.close();
    }
    expect(await agentAdd(['--name', 'dana', '--remove'], { ...io, stdin: Readable.from([]) })).toBe(1);
  });

  it('refuses bad input with a usage message', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [[], 'x\n', /--name is required/],
      [['--name', 'bad name!'], 'x\n', /not valid/],
      [['--name', 'eve', '--password-stdin'], 'short\n', /at least 10 characters/],
      [['--name', 'eve', '--password-stdin'], '', /no password/],
      [['--name', 'eve', '--bogus'], '', /unknown option/],
    ];
    for (const [argv, input, message] of cases) {
      const err = sink();
      const code = await agentAdd(argv, { stdin: Readable.from(input ? [input] : []), stdout: sink().stream, stderr: err.stream, env: {} });
      expect(code, argv.join(' ')).toBe(2);
      expect(err.text()).toMatch(message);
    }
  });
});

describe('npm run eval -- export-corrections', () => {
  it('writes route corrections as JSONL the router eval accepts, and candidate demonstrations as YAML', async () => {
    const prefix = redis.nextPrefix();
    const bundle = await redis.on(prefix);
    const base = { conversationId: 'c_export', agent: 'alice', via: 'mark' as const };
    const corrections: Correction[] = [
      { ...base, id: 'k1', messageId: 'm1', target: 'route', verdict: 'wrong', text: 'the zipper broke after two weeks', routedTo: 'returns', label: 'warranty', at: 1 },
      { ...base, id: 'k2', messageId: 'm2', target: 'route', verdict: 'good', text: 'something quiet for a small office', routedTo: 'product_recommendation', label: null, at: 2 },
      // Wrong without the right skill: nothing to learn.
      { ...base, id: 'k3', messageId: 'm3', target: 'route', verdict: 'wrong', text: 'hmm', routedTo: 'other', label: null, at: 3 },
      // Answer verdicts say nothing about the route.
      { ...base, id: 'k4', messageId: 'm4', target: 'answer', verdict: 'wrong', text: 'x', routedTo: 'returns', label: null, at: 4 },
      // A later verdict on m1 wins.
      { ...base, id: 'k5', messageId: 'm1', target: 'route', verdict: 'wrong', text: 'the zipper broke after two weeks', routedTo: 'returns', label: 'warranty', at: 5, via: 'reroute' },
      // A skill that does not exist on disk is left out.
      { ...base, id: 'k6', messageId: 'm6', target: 'route', verdict: 'wrong', text: 'gift wrapping?', routedTo: 'other', label: 'gift_wrap', at: 6 },
    ];
    for (const c of corrections) await bundle.store.putRecord(CORRECTIONS_COLLECTION, c.id, c);
    const candidate: DemonstrationCandidate = {
      id: 'demo_1',
      conversationId: 'c_export',
      messageId: 'b1',
      skill: 'returns',
      customer: 'can I send back the lamp from order 4411?',
      reply: 'Yes: it is within the 30-day window. I have started the return.',
      calls: [{ tool: 'check_return_eligibility', args: { order_id: '4411' }, result: { eligible: true } }],
      source: 'edited_draft',
      agent: 'alice',
      at: Date.now(),
    };
    await bundle.store.putRecord(DEMO_CANDIDATES_COLLECTION, candidate.id, candidate);
    await bundle.close();

    const dir = await mkdtemp(path.join(tmpdir(), 'sb-export-'));
    dirs.push(dir);
    const outFile = path.join(dir, 'out', 'corrections.jsonl');
    const err = sink();
    const code = await exportCorrections(['--out', outFile, '--demos', path.join(dir, 'prompts')], {
      stdout: sink().stream,
      stderr: err.stream,
      env: { REDIS_URL: redis.url },
      openStore: () => redis.on(prefix),
    });
    expect(code, err.text()).toBe(0);
    const lines = (await readFile(outFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown);
    // Oldest first, each message once with its newest verdict.
    expect(lines).toEqual([
      { text: 'something quiet for a small office', label: 'product_recommendation' },
      { text: 'the zipper broke after two weeks', label: 'warranty' },
    ]);
    expect(err.text()).toContain('2 labelled example(s) from 6 correction(s)');

    const yamlText = await readFile(path.join(dir, 'prompts', 'returns', 'candidates', 'agent-candidates.yaml'), 'utf8');
    const demos = demonstrationsFileSchema.parse(parse(yamlText));
    expect(demos[0]!.turns).toEqual([
      { user: candidate.customer },
      { calls: [{ tool: 'check_return_eligibility', args: { order_id: '4411' }, result: { eligible: true } }] },
      { assistant: candidate.reply },
    ]);

    // The router eval takes the file as --train without skipping a line.
    const evalOut = sink();
    const origWrite = process.stdout.write.bind(process.stdout);
    const data = path.join(dir, 'data.jsonl');
    await import('node:fs/promises').then((fs) => fs.writeFile(data, '{"text":"my blender stopped working","label":"warranty"}\n'));
    process.stdout.write = ((chunk: string | Uint8Array) => evalOut.stream.write(chunk)) as typeof process.stdout.write;
    let evalCode: number;
    try {
      evalCode = await evalMain(['router', '--data', data, '--train', outFile, '--json']);
    } finally {
      process.stdout.write = origWrite;
    }
    expect(evalCode).toBe(0);
    const last = JSON.parse(evalOut.text().trim().split('\n').pop()!) as { n: number; skipped: number };
    expect(last.n).toBe(1);
    expect(last.skipped).toBe(0);
  });

  it('explains where corrections are when there is no Redis', async () => {
    const err = sink();
    expect(await exportCorrections([], { stdout: sink().stream, stderr: err.stream, env: {} })).toBe(2);
    expect(err.text()).toContain('/api/agent/corrections.jsonl');
  });

  it('is dispatched by npm run eval', async () => {
    const errs: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errs.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await evalMain(['export-corrections', '--bogus'])).toBe(2);
    } finally {
      process.stderr.write = orig;
    }
    expect(errs.join('')).toContain('unknown option "--bogus"');
  });
});
