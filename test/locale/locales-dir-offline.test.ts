import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Running } from '../../src/main.js';
import { DEFAULT_LOCALES_DIR } from '../../src/router/router-language.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

/**
 * The offline responder reads text with LOCALES_DIR's words (OfflineWords: `stemming: search`
 * and the router's stopwords), end to end: two apps as `npm start` runs them (real HTTP, no
 * model, memory store), one on the repository's packs and one on a copy whose English pack has
 * one more search stemming rule (a made-up ending "zzz") and one more stopword ("speaker").
 * Which item of a two-item order a return is about is the offline responder's own reading
 * (src/offline/item-match.ts), so the answers differ only through the packs.
 */

let dir: string;
let changed: Running;
let shipped: Running;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sb-locales-offline-'));
  await cp(DEFAULT_LOCALES_DIR, dir, { recursive: true });
  const file = path.join(dir, 'en.yaml');
  const en = parse(await readFile(file, 'utf8')) as { stemming: { search: { groups: unknown[][] } }; text: { stopwords: string[] } };
  // "headphonezzz" is "headphone" with these packs only, as "headphones" is with both.
  en.stemming.search.groups.unshift([{ end: 'zzz' }]);
  // A word that no longer tells one item from another with these packs.
  en.text.stopwords.push('speaker');
  await writeFile(file, stringify(en));
  [changed, shipped] = await Promise.all([startTestApp({ env: { LOCALES_DIR: dir } }), startTestApp()]);
});
afterAll(async () => {
  await Promise.all([changed?.stop(), shipped?.stop()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The offline reply to a first message of the signed-in owner of order SB-10002 (headphones and a speaker). */
async function reply(app: Running, text: string): Promise<{ skill: string; text: string; item: string | undefined }> {
  const chat = await openConversation(app.url, { signedInAs: 'SB-10002' });
  const sent = await chat.send(text);
  expect(sent.status).toBe(200);
  expect(sent.body.reply.offline).toBe(true);
  return { skill: sent.body.route.skill, text: sent.body.reply.text, item: sent.body.reply.attachments?.proposal?.itemName };
}

const ASKS_WHICH = /^Which item from order SB-10002 would you like to return: .*AUD-4001.*AUD-4005/;

describe('an app started with LOCALES_DIR answers offline with its words', () => {
  it('matches an order item by its search stemming rules', async () => {
    const text = 'I want to return the headphonezzz from order SB-10002';
    const mine = await reply(changed, text);
    const theirs = await reply(shipped, text);
    expect([mine.skill, theirs.skill]).toEqual(['returns', 'returns']);
    expect(mine.item).toBe('Hushwave ANC 700 Over-Ear Headphones');
    expect(mine.text).toMatch(/Shall I start the return for Hushwave ANC 700 Over-Ear Headphones\?/);
    // The repository's packs leave the made-up ending on: no item matches, so the bot asks which.
    expect(theirs.item).toBeUndefined();
    expect(theirs.text).toMatch(ASKS_WHICH);
  });

  it('does not tell items apart by its stopwords', async () => {
    const text = 'I want to return the speaker from order SB-10002';
    const mine = await reply(changed, text);
    const theirs = await reply(shipped, text);
    expect([mine.skill, theirs.skill]).toEqual(['returns', 'returns']);
    expect(mine.item).toBeUndefined();
    expect(mine.text).toMatch(ASKS_WHICH);
    expect(theirs.item).toBe('Boomtide Go Portable Speaker');
  });

  it('answers a message without the changed words the same with both packs', async () => {
    const text = 'I want to return the headphones from order SB-10002';
    const mine = await reply(changed, text);
    const theirs = await reply(shipped, text);
    expect(mine.text).toBe(theirs.text);
    expect(mine.item).toBe('Hushwave ANC 700 Over-Ear Headphones');
  });
});
