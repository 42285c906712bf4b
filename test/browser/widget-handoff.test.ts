import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { agentPanelPage, customerSays, launchChromium } from '../assist/browser.js';
import { accountsEnv, memoryBundle } from '../assist/assist-harness.js';
import { startRealApp, type RealApp } from '../assist/real-app.js';

/*
 * The hand-off as a shopper sees it, in headless Chromium, without a model: a reply that offers
 * a person shows a "talk to a person" button; pressing it with nobody online tells the truth
 * (nobody online, the store's hours and contacts; no "Offline answer" badge for shoppers); an
 * agent who opens the panel and claims the conversation appears by display name in the widget,
 * also after the shopper reloads the page.
 */

let browser: Browser;
let bundle: StoreBundle;
let app: RealApp;
const store = parse(readFileSync('skills/_store/store.yaml', 'utf8')) as { supportEmail: string; supportPhone: string; supportHours: string };

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

async function customerPage(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(app.url);
  await page.locator('button.launcher').click();
  return page;
}

describe('talk to a person, in the widget', () => {
  it('offers a person with a button; with nobody online says so with the store contacts; an agent joining shows by name', async () => {
    const customer = await customerPage();
    await customerSays(customer, 'What will the weather be like on Mars next week?');
    const offer = customer.locator('.msg.bot button.human', { hasText: 'Talk to a person' });
    await offer.waitFor();
    // Shoppers never see whether the model wrote a reply.
    expect(await customer.locator('.msg.bot .badge').count()).toBe(0);
    expect(await customer.locator('.msg.bot', { hasText: 'Offline answer' }).count()).toBe(0);

    // Nobody has the panel open: the truth, the store's hours and contacts, no promise.
    await offer.click();
    const handoff = customer.locator('.msg.bot .text', { hasText: 'Nobody from our support team is online' });
    await handoff.waitFor();
    const text = (await handoff.textContent()) ?? '';
    expect(text).toContain(store.supportEmail);
    expect(text).toContain(store.supportPhone);
    expect(text).toContain(store.supportHours);
    expect(text).not.toMatch(/shortly/i);
    expect(await offer.isDisabled()).toBe(true);
    // Already handed off: that reply offers no second button.
    expect(await customer.locator('.msg.bot', { has: customer.locator('.text', { hasText: 'Nobody from our support team' }) }).locator('button.human').count()).toBe(0);

    // The next agent to open the panel finds the conversation in the queue and claims it.
    const agent = await agentPanelPage(browser, app.url);
    const queued = agent.locator('#queue li.queue-item');
    await queued.waitFor();
    await queued.locator('button.claim').click();
    await customer.locator('.status', { hasText: "You're chatting with Alice Martin (support team)" }).waitFor();
    await customer.locator('.msg.system', { hasText: 'Alice Martin from our support team has joined the chat.' }).waitFor();
    // The panel shows agents which answers were written without the model.
    await agent.locator('.transcript li.msg.bot .chip.offline', { hasText: 'offline answer' }).first().waitFor();

    await agent.locator('#reply-text').fill('Hi, how can I help?');
    await agent.locator('[data-action="send-reply"]').click();
    await customer.locator('.msg.agent', { hasText: 'Hi, how can I help?' }).locator('.who', { hasText: 'Alice Martin (support team)' }).waitFor();

    // A reload restores who is in the chat from the conversation the widget loads, not only from the live event.
    await customer.reload();
    await customer.locator('button.launcher').click();
    await customer.locator('.msg.agent', { hasText: 'Hi, how can I help?' }).waitFor();
    await customer.locator('.status', { hasText: "You're chatting with Alice Martin (support team)" }).waitFor();
    // The display name only, never the login name.
    expect(await customer.locator('.status').textContent()).toBe("You're chatting with Alice Martin (support team)");

    // With the panel open, another shopper asking for a person is told an agent is signed in.
    const second = await customerPage();
    await customerSays(second, 'Can I talk to a human please?');
    await second.locator('.msg.bot .text', { hasText: 'An agent is signed in' }).waitFor();
    expect(await second.locator('.msg.bot .text', { hasText: 'Nobody from our support team' }).count()).toBe(0);
  }, 90_000);
});
