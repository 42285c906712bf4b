import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema, parseEnv } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';

function exampleKeys(): string[] {
  const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l))
    .map((l) => l.slice(0, l.indexOf('=')));
}

describe('config', () => {
  it('.env.example lists exactly the variables the code reads', () => {
    expect(exampleKeys().sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('.env.example values are themselves a valid configuration', () => {
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const env: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    expect(() => parseEnv(env)).not.toThrow();
  });

  it('an empty environment gives safe defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3978);
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.OPENAI_API_KEY).toBeUndefined();
    expect(env.BOT_AUTH_DISABLED).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
    expect(() => parseEnv({ SKILLS_WATCH: 'maybe' })).toThrow(/SKILLS_WATCH/);
    expect(() => parseEnv({ MicrosoftAppType: 'Personal' })).toThrow(/MicrosoftAppType/);
  });

  it('refuses to disable Bot Framework auth in production', () => {
    expect(() => parseEnv({ BOT_AUTH_DISABLED: 'true', NODE_ENV: 'production' })).toThrow(/BOT_AUTH_DISABLED/);
    expect(parseEnv({ BOT_AUTH_DISABLED: 'true' }).BOT_AUTH_DISABLED).toBe(true);
  });
});
