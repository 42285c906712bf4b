import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadLocalePacks, REPLY_KEYS, UI_KEYS } from '../../src/locale/locale-packs.js';
import { compileCue } from '../../src/offline/cue-phrases.js';
import { readPlaybook } from '../../src/offline/playbook-files.js';

/*
 * Every language the bot answers in has every text English has: the engine's replies and the
 * follow-up and cue words in its locale pack, the channels' own words (`ui`: the widget's buttons
 * and labels, the agent label on Teams and Slack) with the same placeholders, and every offline template of every playbook
 * (prompts/offline.yaml and prompts/<skill>/offline.yaml). A pack with only a `text:` section
 * (it, pt, hi) is for the router and declares no replies: the engine and the playbooks answer
 * it in the default language as a whole, never a sentence at a time.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const LOCALES = path.join(ROOT, 'locales');
const PROMPTS = path.join(ROOT, 'prompts');

async function rawPacks(): Promise<Array<{ file: string; data: Record<string, unknown> }>> {
  const files = (await readdir(LOCALES)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(files.map(async (file) => ({ file, data: parse(await readFile(path.join(LOCALES, file), 'utf8')) as Record<string, unknown> })));
}

async function skillIds(): Promise<string[]> {
  const entries = await readdir(PROMPTS, { withFileTypes: true });
  const ids: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const has = await readFile(path.join(PROMPTS, e.name, 'offline.yaml'), 'utf8').then(() => true, () => false);
    if (has) ids.push(e.name);
  }
  return ids.sort();
}

describe('locale packs and offline templates are complete per language', () => {
  it('every pack with replies has every reply, reference section and cue intent that English has', async () => {
    const packs = await loadLocalePacks(LOCALES);
    const en = packs.get('en');
    const full = packs.all().map((p) => p.language);
    expect(full).toEqual(expect.arrayContaining(['en', 'es', 'de', 'fr']));
    for (const pack of packs.all()) {
      expect(Object.keys(pack.replies).sort(), pack.language).toEqual([...REPLY_KEYS].sort());
      expect(Object.keys(pack.references?.follow_ups ?? {}).sort(), `${pack.language} references.follow_ups`).toEqual(Object.keys(en.references?.follow_ups ?? {}).sort());
      expect(Object.keys(pack.cues ?? {}).sort(), `${pack.language} cues`).toEqual(Object.keys(en.cues ?? {}).sort());
      // A phrase over the matcher's limits would be dropped silently at load: none is.
      for (const [intent, phrases] of Object.entries(pack.cues ?? {})) {
        if (intent === 'polite') continue;
        for (const p of phrases) expect(compileCue(p), `${pack.language} cues.${intent}: ${p}`).not.toBeNull();
      }
    }
  });

  it("every full pack has every channel word (ui) English has, with the same placeholders", async () => {
    const packs = await loadLocalePacks(LOCALES);
    const en = packs.get('en').ui;
    const placeholders = (text: string) => [...text.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]).sort();
    expect(placeholders(en.agent_label)).toEqual(['name']);
    for (const pack of packs.all()) {
      expect(Object.keys(pack.ui).sort(), `${pack.language} ui`).toEqual([...UI_KEYS].sort());
      for (const key of UI_KEYS) expect(placeholders(pack.ui[key]), `${pack.language} ui.${key}`).toEqual(placeholders(en[key]));
      if (pack.language !== 'en') expect(pack.ui.talk_to_person, `${pack.language} ui is translated`).not.toBe(en.talk_to_person);
    }
  });

  it('every full pack explains every refusal English explains, with the same facts, and has `other`', async () => {
    const packs = await loadLocalePacks(LOCALES);
    const en = packs.get('en').refusals;
    const placeholders = (text: string) => [...text.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]).sort();
    expect(Object.hasOwn(en, 'other')).toBe(true);
    for (const pack of packs.all()) {
      expect(Object.keys(pack.refusals).sort(), `${pack.language} refusals`).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) expect(placeholders(pack.refusals[key]!), `${pack.language} refusals.${key}`).toEqual(placeholders(text));
    }
  });

  it('a pack without a refusal template for an unknown reason (`other`) is refused at load', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-locales-'));
    try {
      const en = parse(await readFile(path.join(LOCALES, 'en.yaml'), 'utf8')) as { refusals: Record<string, string> };
      delete en.refusals.other;
      await writeFile(path.join(dir, 'en.yaml'), stringify(en));
      await expect(loadLocalePacks(dir)).rejects.toThrow(/refusals.*other/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a pack missing a channel word is refused at load, naming the key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-locales-'));
    try {
      const en = parse(await readFile(path.join(LOCALES, 'en.yaml'), 'utf8')) as { ui: Record<string, string> };
      delete en.ui.talk_to_person;
      await writeFile(path.join(dir, 'en.yaml'), stringify(en));
      await expect(loadLocalePacks(dir)).rejects.toThrow(/ui\.talk_to_person/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // `retrieval` too: its fact_questions rank help articles for a message in that language.
  it('a pack without replies is for the router, the guard\'s fact words and phrases and retrieval only and falls back to English as a whole', async () => {
    for (const { file, data } of await rawPacks()) {
      if ('replies' in data) continue;
      expect(Object.keys(data).filter((k) => k !== 'facts' && k !== 'guard' && k !== 'retrieval').sort(), file).toEqual(['language', 'name', 'text']);
    }
  });

  it('every playbook has every English template in each language a full pack offers', async () => {
    const packs = await loadLocalePacks(LOCALES);
    const languages = packs.all().map((p) => p.language);
    const missing: string[] = [];
    for (const id of ['_shared', ...(await skillIds())]) {
      const playbook = await readPlaybook(PROMPTS, id === '_shared' ? '__none__' : id, []);
      const en = Object.keys(playbook.replies.en ?? {});
      expect(en.length, id).toBeGreaterThan(0);
      for (const lang of languages) {
        const own = playbook.replies[lang] ?? {};
        for (const key of en) if (!Object.hasOwn(own, key)) missing.push(`${id}: ${lang}.${key}`);
      }
      // No language has a template English lacks (a typo in a key would never be used).
      for (const [lang, t] of Object.entries(playbook.replies)) for (const key of Object.keys(t)) if (!en.includes(key)) missing.push(`${id}: ${lang}.${key} (not in en)`);
    }
    expect(missing).toEqual([]);
  });
});
