import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webchatRoutes } from '../../src/channels/webchat/webchat-routes.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { loadLocalePacks, type LocalePacks } from '../../src/locale/locale-packs.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { redisBundles } from './redis-bundles.js';
import { createScriptedEngine } from './scripted-engine.js';
import { startTestServer, type TestServer } from './test-server.js';

/*
 * The widget's own words come from the locale packs: GET /api/chat/ui-text answers a language's
 * `ui` section (or the default language's, saying so), refuses a malformed tag with a 400 naming
 * it, and every reply and the history say the conversation's language so the widget can follow it.
 */

const makeBundle = redisBundles('webchat-language');
let bundle: StoreBundle;
let server: TestServer;
let packs: LocalePacks;

beforeAll(async () => {
  bundle = await makeBundle();
  packs = await loadLocalePacks(path.join(import.meta.dirname, '..', '..', 'locales'));
  const router = webchatRoutes({
    store: bundle.store,
    bus: bundle.bus,
    engine: createScriptedEngine(bundle.store),
    clock: systemClock,
    logger: silentLogger,
    limits: { maxMessageChars: 2000, bodyLimitBytes: 64 * 1024, tokenTtlSeconds: 3600 },
    locales: packs,
    currency: () => 'EUR',
  });
  server = await startTestServer([{ path: '/api/chat', router, cors: true }]);
});

afterAll(async () => {
  await server?.close();
  await bundle?.close();
});

async function uiText(query: string): Promise<{ status: number; body: { language?: string; ui?: Record<string, string>; error?: { code: string; message: string } } }> {
  const res = await fetch(`${server.url}/api/chat/ui-text${query}`);
  return { status: res.status, body: (await res.json()) as never };
}

describe('the web chat in the customer language', () => {
  it("answers a browser language's widget words, by its first subtag; English for a language without them", async () => {
    const es = await uiText('?lang=es-MX');
    expect(es.status).toBe(200);
    // The store's currency code comes along: the widget formats prices with it (Intl), never with a symbol of its own.
    expect(es.body).toEqual({ language: 'es', ui: packs.get('es').ui, currency: 'EUR' });
    expect(es.body.ui!.talk_to_person).toBe('Hablar con una persona');
    expect((await uiText('?lang=DE')).body.language).toBe('de');
    expect((await uiText('?lang=ja-JP')).body.language).toBe('ja');
    // it has a text-only pack (no channel words), ko none at all: the default language as a whole.
    expect((await uiText('?lang=it')).body).toEqual({ language: 'en', ui: packs.get('en').ui, currency: 'EUR' });
    expect((await uiText('?lang=ko-KR')).body.language).toBe('en');
    expect((await uiText('')).body.language).toBe('en');
  });

  it('refuses a malformed language with a 400 naming the problem', async () => {
    for (const query of ['?lang=', '?lang=e', '?lang=es_ES', '?lang=<script>', '?lang=es&lang=fr', `?lang=en-${'a'.repeat(40)}`]) {
      const { status, body } = await uiText(query);
      expect(status, query).toBe(400);
      expect(body.error?.code, query).toBe('invalid_request');
      expect(body.error?.message, query).toMatch(/^lang: /);
    }
  });

  it("says the conversation's language with each reply and in the history", async () => {
    const created = (await (await fetch(`${server.url}/api/chat/conversations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).json()) as {
      conversationId: string;
      token: string;
    };
    const url = `${server.url}/api/chat/conversations/${created.conversationId}/messages`;
    const headers = { Authorization: `Bearer ${created.token}`, 'Content-Type': 'application/json' };
    const reply = async (text: string) => (await (await fetch(url, { method: 'POST', headers, body: JSON.stringify({ text }) })).json()) as { language: string | null; currency: string | null };
    const say = async (text: string) => (await reply(text)).language;

    const first = await reply('Hola, quiero devolver unos pantalones que compré la semana pasada');
    expect(first.language).toBe('es');
    expect(first.currency).toBe('EUR');
    // Too short to tell, and nothing known yet: no language (the widget keeps its own).
    expect(await say('ok')).toBeNull();
    // The engine records the language it detected on the conversation; a short message keeps it.
    await bundle.store.updateConversation(created.conversationId, (c) => ({ ...c, dialogue: { shown: [], ...c.dialogue, language: 'fr' } }));
    expect(await say('ok')).toBe('fr');
    const history = (await (await fetch(url, { headers })).json()) as { language: string | null };
    expect(history.language).toBe('fr');
  });
});
