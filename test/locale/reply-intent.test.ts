import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocalePacks, type LocalePacks } from '../../src/locale/locale-packs.js';
import { replyIntent } from '../../src/locale/reply-intent.js';

let packs: LocalePacks;
beforeAll(async () => {
  packs = await loadLocalePacks(path.resolve(import.meta.dirname, '../../locales'));
});

describe('a reply to a proposal, from the locale packs', () => {
  it('reads a clear yes in each shipped language', () => {
    for (const [text, language] of [
      ['yes please', 'en'],
      ['Yes, go ahead and start it', 'en'],
      ['ok', 'en'],
      ['sí, adelante', 'es'],
      ['Ja, gerne', 'de'],
      ["oui, d'accord", 'fr'],
    ] as const) {
      expect(replyIntent(text, packs.all()), text).toEqual({ intent: 'confirm', language });
    }
  });

  it('reads a no, in the language whose words matched best', () => {
    expect(replyIntent('no, wait, keep it', packs.all())).toEqual({ intent: 'decline', language: 'en' });
    expect(replyIntent('nein danke', packs.all())).toEqual({ intent: 'decline', language: 'de' });
    expect(replyIntent('non merci', packs.all())).toMatchObject({ intent: 'decline' });
  });

  it('never takes a question, a hedge or a new request for a yes', () => {
    for (const text of ['ok, and what about the warranty?', 'yes but wait', 'yes, no, actually cancel that', 'sure, stop', 'what is your returns policy for shoes and bags and everything else please tell me']) {
      expect(replyIntent(text, packs.all()).intent, text).not.toBe('confirm');
    }
    expect(replyIntent('which laptop is best for students', packs.all()).intent).toBe('other');
  });

  it('costs one pass over a bounded prefix of any text', () => {
    expect(replyIntent(`yes ${'a'.repeat(100_000)}`, packs.all()).intent).toBe('confirm');
    expect(replyIntent('ab'.repeat(50_000), packs.all()).intent).toBe('other');
  });
});
