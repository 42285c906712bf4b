import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import { readPlaybook } from '../../src/offline/playbook-files.js';
import { replyIntent } from '../../src/locale/reply-intent.js';

/*
 * German shoppers are addressed formally ("Sie", the retail norm) in every text the bot writes:
 * the pack's replies, its channel words (ui) and refusals, and every playbook's German templates.
 * A template that slips into "du" (a pronoun or a verb form of the second person singular) fails
 * here, naming it. What the customer writes may use either, and both are understood.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const LOCALES = path.join(ROOT, 'locales');
const PROMPTS = path.join(ROOT, 'prompts');

// Informal address: the pronouns, and the verb forms and imperatives the templates would use.
const INFORMAL = /(?<![\p{L}])(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|hast|kannst|möchtest|willst|suchst|meinst|brauchst|schick|sag|frag|versuch|nenn|beschreib|antworte|folge|schau|erzähl)(?![\p{L}])/iu;
// The formal address, to show the check reads the texts it is meant for.
const FORMAL = /(?<![\p{L}])(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer)(?![\p{L}])/u;

async function germanTexts(): Promise<Array<[string, string]>> {
  const texts: Array<[string, string]> = [];
  const de = (await loadLocalePacks(LOCALES)).get('de');
  expect(de.language).toBe('de');
  for (const [section, record] of [['replies', de.replies], ['ui', de.ui], ['refusals', de.refusals]] as const) {
    for (const [key, text] of Object.entries(record)) texts.push([`locales/de.yaml ${section}.${key}`, text]);
  }
  const skills = (await readdir(PROMPTS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const id of ['__none__', ...skills]) {
    const playbook = await readPlaybook(PROMPTS, id, []).catch(() => null);
    for (const [key, text] of Object.entries(playbook?.replies.de ?? {})) texts.push([`prompts/${id === '__none__' ? '' : `${id}/`}offline.yaml de.${key}`, String(text)]);
  }
  return texts;
}

describe('German is formal throughout', () => {
  it('no German text the bot writes says "du" (or its forms); the formal address is there', async () => {
    const texts = await germanTexts();
    const informal = texts.filter(([, text]) => INFORMAL.test(text)).map(([where, text]) => `${where}: ${text}`);
    expect(informal).toEqual([]);
    expect(texts.filter(([, text]) => FORMAL.test(text)).length).toBeGreaterThan(20);
  });

  it('the check catches an informal template', () => {
    expect(INFORMAL.test('Schick mir deine Bestellnummer.')).toBe(true);
    expect(INFORMAL.test('Möchtest du mehr Details?')).toBe(true);
    expect(INFORMAL.test('Schicken Sie mir Ihre Bestellnummer.')).toBe(false);
  });

  it('a customer confirms formally or informally alike', async () => {
    const packs = (await loadLocalePacks(LOCALES)).all();
    expect(replyIntent('Machen Sie das bitte', packs).intent).toBe('confirm');
    expect(replyIntent('Mach das', packs).intent).toBe('confirm');
  });
});
