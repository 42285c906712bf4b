import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { agentPanelPage, customerSays, launchChromium } from '../assist/browser.js';
import { accountsEnv, memoryBundle } from '../assist/assist-harness.js';
import { startRealApp, type RealApp } from '../assist/real-app.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';

/*
 * The assist panel as an agent uses it, next to the customer's widget, in headless Chromium:
 * sign in, a new conversation appears live, route and confidence, an edited draft approved and
 * received in the widget, take over and hand back, re-route. Saves docs/panel.png.
 */

const DOCS_SCREENSHOT = path.resolve(new URL('../../docs/panel.png', import.meta.url).pathname);
// docs/panel.png is refreshed when missing or with UPDATE_PANEL_SCREENSHOT=1, so test runs leave the working tree clean.
const SCREENSHOT = !existsSync(DOCS_SCREENSHOT) || process.env.UPDATE_PANEL_SCREENSHOT === '1' ? DOCS_SCREENSHOT : path.join(tmpdir(), `switchboard-panel-${process.pid}.png`);

let browser: Browser;
let fake: FakeOpenAIServer;
let bundle: StoreBundle;
let app: RealApp;

beforeAll(async () => {
  fake = await startFakeOpenAIServer();
  fake.handle((req) => {
    const returns = req.lastUserText.includes('return');
    // A returns question looks the policy up first, so the panel has a tool call to show.
    if (returns && req.toolResults.length === 0 && req.tools.some((t) => JSON.stringify(t).includes('get_return_policy'))) {
      return { kind: 'tool_calls', calls: [{ name: 'get_return_policy', arguments: { category: 'kitchen_appliances' } }], usage: { prompt: 790, completion: 18, cached: 512 } };
    }
    return {
      kind: 'text',
      text: `Happy to help. ${returns ? 'Returns are accepted within the return window for unused items.' : 'Our Kestrel range is a good fit for that.'}`,
      usage: { prompt: 812, completion: 46, cached: 512 },
    };
  });
  bundle = memoryBundle();
  app = await startRealApp({ bundle, accounts: await accountsEnv({ alice: 'alice password 1' }), modelBaseURL: fake.baseURL, env: { ROUTER_MODEL_ENABLED: 'false' } });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await bundle?.close();
  await fake?.close();
});

async function customerPage(): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app.url);
  await page.locator('button.launcher').click();
  return page;
}

describe('assist panel in a browser', () => {
  it('an agent signs in, watches a conversation arrive, approves an edited draft, takes over, hands back and re-routes', async () => {
    const agent = await agentPanelPage(browser, app.url);
    expect(await agent.locator('#me').textContent()).toContain('alice');
    const customer = await customerPage();

    // A new conversation appears in the list without a reload.
    await customerSays(customer, 'Which kettle would suit a small kitchen?');
    await customer.locator('.msg.bot .text', { hasText: 'Happy to help' }).waitFor();
    const item = agent.locator('li.conversation', { hasText: 'Happy to help' });
    await item.waitFor();
    expect(await agent.locator('li.conversation').count()).toBe(1);
    await item.locator('button').click();

    // Route and confidence of the customer message.
    const route = agent.locator('.transcript li.msg.customer').first().locator('[data-role="route"]');
    await route.waitFor();
    expect(await route.locator('.chip.skill').textContent()).toBe('product_recommendation');
    expect(await route.locator('[data-role="confidence"]').textContent()).toMatch(/^confidence (0|1)\.\d\d$/);
    expect(await agent.locator('.transcript li.msg.bot [data-role="cost"]').first().textContent()).toContain('tokens 812 in (512 cached) · 46 out');

    // Assist mode: the next reply is a draft; the agent edits and approves it; the customer receives the edit.
    await agent.locator('label.mode-option.assist').click();
    await agent.locator('.view-header [data-role="mode"]', { hasText: 'assist' }).waitFor();
    await customerSays(customer, 'Can I return it if it is too loud?');
    await customer.locator('.msg.system', { hasText: 'passed to our support team' }).waitFor();
    const draft = agent.locator('li.msg.bot.draft.pending');
    await draft.waitFor();
    await draft.locator('textarea.draft-text').fill('Yes: unused kettles can be returned within the return window. I checked it for you.');
    await draft.locator('[data-action="approve"]').click();
    await customer.locator('.msg.bot .text', { hasText: 'I checked it for you.' }).waitFor();
    const approved = agent.locator('li.msg.bot', { has: agent.locator('.draft-status', { hasText: 'approved, edited by alice' }) });
    await approved.waitFor();
    expect(await approved.locator('details.tools summary').textContent()).toBe('1 tool call: get_return_policy');
    expect(await approved.locator('[data-role="cost"]').textContent()).toContain('2 model calls');
    // Conversation totals: the first reply (one call) plus the approved draft (tool round and answer).
    const totals = agent.locator('[data-role="totals"]', { hasText: '2 bot replies' });
    await totals.waitFor();
    expect(await totals.textContent()).toMatch(/^Conversation total: 2 bot replies · 3 model calls · tokens 2414 in \(1536 cached\) · 110 out · \$\d/);

    // Take over: the customer is told, the agent's reply arrives, the bot stays silent.
    await agent.locator('[data-action="take-over"]').click();
    await customer.locator('.msg.system', { hasText: 'A member of our support team has joined the chat.' }).waitFor();
    await agent.locator('#reply-text').fill('Hi, Alice here. Anything else about the kettle?');
    await agent.locator('[data-action="send-reply"]').click();
    await customer.locator('.msg.agent', { hasText: 'Alice here' }).waitFor();
    await customerSays(customer, 'Does it come in red?');
    await agent.locator('.transcript li.msg.customer', { hasText: 'Does it come in red?' }).waitFor();
    expect(await customer.locator('.msg.bot .text', { hasText: 'Happy to help' }).count()).toBe(1);

    // Hand back: the customer is told, and the bot answers again.
    await agent.locator('[data-action="hand-back"]').click();
    await customer.locator('.msg.system', { hasText: 'The member of our support team has left the chat' }).waitFor();
    await customerSays(customer, 'Which toaster do you recommend?');
    await customer.locator('.msg.bot .text', { hasText: 'Happy to help' }).nth(1).waitFor();

    // Re-route the first message to warranty: the warranty skill answers and the customer gets it.
    const firstCustomer = agent.locator('.transcript li.msg.customer').first();
    await firstCustomer.locator('select.reroute-skill').selectOption('warranty');
    await firstCustomer.locator('[data-action="reroute"]').click();
    await agent.locator('.transcript li.msg.bot .chip.skill', { hasText: 'warranty' }).waitFor();
    await customer.locator('.msg.bot .text', { hasText: 'Happy to help' }).nth(2).waitFor();
    await agent.locator('.transcript li.msg.system', { hasText: 're-routed a message to warranty' }).waitFor();

    // A second conversation waiting in the queue, for the screenshot.
    const other = await customerPage();
    await customerSays(other, 'Can I talk to a human please? My order SB-10003 is late.');
    await agent.locator('#queue li.queue-item').waitFor();
    await agent.locator('.transcript li.msg.customer').first().locator('details.reason summary').click();
    await approved.locator('details.tools summary').click();
    if (await agent.locator('#toast').isVisible()) await agent.locator('#toast').click();
    await agent.screenshot({ path: SCREENSHOT });
    expect(existsSync(SCREENSHOT)).toBe(true);

    // Sign out ends the session: the panel goes back to the sign-in page.
    await agent.locator('#sign-out').click();
    await agent.waitForURL('**/agent/login');
    const res = await agent.request.get(`${app.url}/api/agent/conversations`);
    expect(res.status()).toBe(401);
  }, 90_000);

  it("shows the help article a reply came from, as a link, in the reply's details", async () => {
    // Issue 16.3: "the panel shows the sources of each reply" (so far tested by grepping the panel script).
    const agent = await agentPanelPage(browser, app.url);
    const customer = await customerPage();
    await customerSays(customer, 'do you ship to Canada?');
    await agent.locator('#f-q').fill('Canada');
    await agent.waitForFunction(() => document.querySelectorAll('li.conversation').length === 1);
    await agent.locator('li.conversation button').click();
    const link = agent.locator('.transcript li.msg.bot [data-role="sources"] a', { hasText: 'Shipping and delivery' }).first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/shop\.kestrel-lane\.example\/help\/shipping/);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
  }, 60_000);

  it('renders customer text as text: HTML and script payloads run neither in the panel nor in the widget', async () => {
    const agent = await agentPanelPage(browser, app.url);
    const customer = await customerPage();
    const dialogs: string[] = [];
    for (const page of [agent, customer]) page.on('dialog', (d) => (dialogs.push(d.message()), d.dismiss()));
    const payloads = [
      '<img src=x onerror="window.__xss1=1;alert(1)">',
      '<script>window.__xss2=1;alert(2)</script>',
      '"><svg onload="window.__xss3=1">',
    ];
    for (const p of payloads) await customerSays(customer, p);
    // Search reads the transcripts, so the payloads are findable even when the bot spoke last.
    await agent.locator('#f-q').fill('svg onload');
    const item = agent.locator('li.conversation');
    await agent.waitForFunction(() => document.querySelectorAll('li.conversation').length === 1);
    await item.locator('button').click();
    for (const p of payloads) await agent.locator('.transcript li.msg.customer .text', { hasText: p }).waitFor();

    // The agent's reply with a payload is shown as text in the widget too.
    await agent.locator('[data-action="take-over"]').click();
    await agent.locator('#reply-text').fill('<img src=y onerror="window.__xss4=1"> echo');
    await agent.locator('[data-action="send-reply"]').click();
    await customer.locator('.msg.agent .text', { hasText: '<img src=y onerror="window.__xss4=1"> echo' }).waitFor();

    await new Promise((r) => setTimeout(r, 300));
    for (const page of [agent, customer]) {
      const state = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        const host = document.querySelector('#switchboard-widget');
        const roots: ParentNode[] = [document, ...(host?.shadowRoot ? [host.shadowRoot] : [])];
        return {
          ran: ['__xss1', '__xss2', '__xss3', '__xss4'].filter((k) => w[k] !== undefined),
          injected: roots.reduce((n, r) => n + r.querySelectorAll('.msg img, .msg script, .msg svg, .transcript img, .transcript script, .conversations img, .conversations svg').length, 0),
        };
      });
      expect(state).toEqual({ ran: [], injected: 0 });
    }
    for (const p of payloads) await customer.locator('.msg.customer .text', { hasText: p }).waitFor();
    expect(dialogs).toEqual([]);
  }, 60_000);
});
