import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { agentPanelPage, customerSays, launchChromium } from '../assist/browser.js';
import { accountsEnv, memoryBundle } from '../assist/assist-harness.js';
import { startRealApp, type RealApp } from '../assist/real-app.js';

/*
 * The widget's own words in the customer's language, in headless Chromium, without a model: a
 * shopper whose browser is in Spanish sees the launcher, the "talk to a person" button, the
 * "chatting with" header and the agent's label in Spanish (from locales/es.yaml's `ui`); a
 * shopper whose browser is in English who writes in German gets the widget in German.
 */

let browser: Browser;
let bundle: StoreBundle;
let app: RealApp;

beforeAll(async () => {
  bundle = memoryBundle();
  const accounts = (await accountsEnv({ alice: 'alice password 1' })).replace(/^alice:([^,]+)/, 'alice:$1:Alice Martin');
  app = await startRealApp({ bundle, accounts, env: { ROUTER_MODEL_ENABLED: 'false' } });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await bundle?.close();
});

async function customerPage(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  await page.goto(app.url);
  return page;
}

describe('the widget in the customer language', () => {
  it('a Spanish shopper sees the Spanish launcher, "talk to a person" button, header and agent label', async () => {
    const customer = await customerPage('es-ES');
    await customer.locator('button.launcher', { hasText: 'Chatea con nosotros' }).click();
    expect(await customer.locator('#sb-input').getAttribute('placeholder')).toBe('Pregunta por un producto, una devolución o una garantía…');
    expect(await customer.locator('button.send').textContent()).toBe('Enviar');
    expect(await customer.locator('#sb-panel').getAttribute('lang')).toBe('es');

    await customerSays(customer, '¿Qué tiempo hará en Marte la semana que viene?');
    const offer = customer.locator('.msg.bot button.human', { hasText: 'Hablar con una persona' });
    await offer.waitFor();
    await offer.click();
    // The press is written as the customer's words, in their language.
    await customer.locator('.msg.customer', { hasText: 'Me gustaría hablar con una persona.' }).waitFor();
    expect(await customer.locator('button.human', { hasText: 'Talk to a person' }).count()).toBe(0);

    const agent = await agentPanelPage(browser, app.url);
    const queued = agent.locator('#queue li.queue-item');
    await queued.waitFor();
    await queued.locator('button.claim').click();
    await customer.locator('.status', { hasText: 'Estás hablando con Alice Martin (equipo de atención)' }).waitFor();
    await agent.locator('#reply-text').fill('Hola, ¿en qué puedo ayudarte?');
    await agent.locator('[data-action="send-reply"]').click();
    await customer.locator('.msg.agent', { hasText: 'Hola, ¿en qué puedo ayudarte?' }).locator('.who', { hasText: 'Alice Martin (equipo de atención)' }).waitFor();

    // A reload keeps the conversation's language (the history says it) and who is in the chat.
    await customer.reload();
    await customer.locator('button.launcher', { hasText: 'Chatea con nosotros' }).click();
    await customer.locator('.status', { hasText: 'Estás hablando con Alice Martin (equipo de atención)' }).waitFor();
    expect(await customer.locator('.status').textContent()).toBe('Estás hablando con Alice Martin (equipo de atención)');
  }, 90_000);

  it('an English browser switches to German when the shopper writes in German', async () => {
    const customer = await customerPage('en-US');
    await customer.locator('button.launcher', { hasText: 'Chat with us' }).click();
    expect(await customer.locator('button.send').textContent()).toBe('Send');
    await customerSays(customer, 'Ich möchte meine Bestellung zurückschicken, die Schuhe passen leider nicht.');
    await customer.locator('button.send', { hasText: 'Senden' }).waitFor();
    expect(await customer.locator('#sb-input').getAttribute('placeholder')).toBe('Fragen Sie nach einem Produkt, einer Rücksendung oder einer Garantie…');
    expect(await customer.locator('button.launcher').textContent()).toBe('Chatten Sie mit uns');
    expect(await customer.locator('#sb-panel').getAttribute('lang')).toBe('de');
  }, 60_000);
});
