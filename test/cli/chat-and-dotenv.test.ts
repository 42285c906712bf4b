import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../src/cli/chat.js';
import { loadDotEnv } from '../../src/config/dotenv.js';

describe('.env is read at start', () => {
  it('sets what the environment does not, and never overrides what it does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-dotenv-'));
    try {
      await writeFile(path.join(dir, '.env'), 'SB_TEST_FROM_FILE=from-file\nSB_TEST_BOTH=file\n# a comment\n');
      process.env.SB_TEST_BOTH = 'environment';
      expect(loadDotEnv(process.env, dir)).toBe(path.join(dir, '.env'));
      expect(process.env.SB_TEST_FROM_FILE).toBe('from-file');
      expect(process.env.SB_TEST_BOTH).toBe('environment');
      // No file is fine; a named file that is missing is a configuration error naming it.
      expect(loadDotEnv({}, path.join(dir, 'nowhere'))).toBeNull();
      expect(() => loadDotEnv({ ENV_FILE: 'missing.env' }, dir)).toThrow(/ENV_FILE: no such file/);
    } finally {
      delete process.env.SB_TEST_FROM_FILE;
      delete process.env.SB_TEST_BOTH;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run chat', () => {
  it('chats in the terminal with the bot started in-process, streaming the replies', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    const stdin = Readable.from(['Which blender is good for smoothies under $100?\n', '/new\n', 'where is order SB-10005?\n', '/quit\n']);
    const code = await runChat(['--local'], { stdin, stdout: out, stderr: out });
    expect(code).toBe(0);
    expect(printed).toMatch(/the bot runs in this process/);
    expect(printed).toMatch(/bot> [\s\S]*Blender/);
    expect(printed).toMatch(/\(new conversation\)/);
    expect(printed).toMatch(/e-mail address/);
    expect(printed).toMatch(/\[order_status via \w+/);
  }, 60_000);

  it('names a server that does not answer', async () => {
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    const code = await runChat(['--url', 'http://127.0.0.1:9'], { stdin: Readable.from([]), stdout: out, stderr: out });
    expect(code).toBe(1);
    expect(printed).toMatch(/no Switchboard server answers at http:\/\/127\.0\.0\.1:9/);
  });
});
