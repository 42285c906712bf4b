import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { customerSays, launchChromium } from '../assist/browser.js';
import { identityTokenFor, startTestApp } from '../helpers/test-app.js';

/*
 * Red team (h-redteam3): one browser, two people (a family computer, a shop's kiosk, a library).
 * The widget kept its conversation in localStorage for a day and restored it on every page load,
 * whoever the store's site said was signed in, and that conversation stayed bound to the shopper
 * who started it. On main, after Maya signed out, the next visitor's widget showed Maya's order
 * (carrier and tracking number) and answered "where is my order" as Maya; a second shopper who
 * signed in got the same, their own token refused with 409 and the widget "continuing as a guest"
 * in Maya's conversation.
 */
let browser: Browser;
let app: Running;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const MAYA_TRACKING = 'PA79197919'; // SB-10001's tracking number

/** The store's page in `context`, as the site renders it for a shopper signed in with `token` (or for a guest). */
async function storePage(context: BrowserContext, token: string | null): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript((t) => {
    if (t) (window as unknown as { SwitchboardConfig: unknown }).SwitchboardConfig = { identityToken: t };
  }, token);
  await page.goto(app.url);
  await page.locator('button.launcher').click();
  return page;
}

/** Everything the widget shows (read after a turn was answered: a stored conversation is read back at load, before it). */
async function widgetText(page: Page): Promise<string> {
  return (await page.locator('#switchboard-widget .log').textContent()) ?? '';
}

/** Maya, signed in, has asked about her order in `context` and was shown its tracking number. */
async function mayaAsked(context: BrowserContext): Promise<Page> {
  const maya = await storePage(context, await identityTokenFor('SB-10001'));
  await customerSays(maya, 'Where is my order SB-10001?');
  expect(await widgetText(maya)).toContain(MAYA_TRACKING);
  return maya;
}

describe('one browser, two people', () => {
  it('after a signed-in shopper leaves, the next visitor sees none of their conversation and is not them', async () => {
    const context = await browser.newContext();
    await (await mayaAsked(context)).close();

    // Maya signed out: the site renders the page with no identity token.
    const guest = await storePage(context, null);
    await customerSays(guest, 'Where is my order SB-10001?');
    const answer = await widgetText(guest);
    expect(answer).not.toContain(MAYA_TRACKING);
    expect(answer).toMatch(/e-mail address/);
    await context.close();
  }, 60_000);

  it('a second shopper signing in on the same browser gets a conversation of their own', async () => {
    const context = await browser.newContext();
    await (await mayaAsked(context)).close();

    const jonas = await storePage(context, await identityTokenFor('SB-10002'));
    await customerSays(jonas, 'Where is my order SB-10001?');
    expect(await widgetText(jonas)).not.toContain(MAYA_TRACKING);
    await customerSays(jonas, 'And my order SB-10002?');
    expect(await widgetText(jonas)).toMatch(/SB-10002.*(delivered|Northpost)/s);
    await context.close();
  }, 60_000);

  it('the same shopper on their next page (a fresh token) keeps their conversation', async () => {
    const context = await browser.newContext();
    await (await mayaAsked(context)).close();
    const next = await storePage(context, await identityTokenFor('SB-10001', { ttlSeconds: 1800 }));
    await next.locator('.msg.bot', { hasText: MAYA_TRACKING }).waitFor();
    await context.close();
  }, 60_000);

  it('a site that passes the token through identify() after load keeps the shopper their conversation, and no one else', async () => {
    const context = await browser.newContext();
    await (await mayaAsked(context)).close();
    const identify = (page: Page, token: string | null) =>
      page.evaluate((t) => (window as unknown as { SwitchboardWidget: { identify(t: string | null): Promise<void> } }).SwitchboardWidget.identify(t), token);
    // A single-page site: no token at load, then the one it fetched for Maya.
    const next = await storePage(context, null);
    await identify(next, await identityTokenFor('SB-10001', { ttlSeconds: 1800 }));
    await next.locator('.msg.bot', { hasText: MAYA_TRACKING }).waitFor();
    await next.close();
    // The same kind of site, now for another shopper: Maya's conversation is not shown to them.
    const other = await storePage(context, null);
    await identify(other, await identityTokenFor('SB-10002'));
    await customerSays(other, 'Where is my order SB-10001?');
    expect(await widgetText(other)).not.toContain(MAYA_TRACKING);
    await context.close();
  }, 60_000);

  it("a shopper whose first token the server refused is bound by the site's next valid one", async () => {
    const context = await browser.newContext();
    // The site's token at load is refused (signed with another secret): the chat starts as a guest's.
    const page = await storePage(context, await identityTokenFor('SB-10001', { secret: 'not-the-secret-0123456789abcdef' }));
    await customerSays(page, 'hello');
    await page.evaluate(async (t) => {
      await (window as unknown as { SwitchboardWidget: { identify(t: string | null): Promise<void> } }).SwitchboardWidget.identify(t);
    }, await identityTokenFor('SB-10001'));
    await customerSays(page, 'Where is my order SB-10001?');
    expect(await widgetText(page)).toContain(MAYA_TRACKING);
    await context.close();
  }, 60_000);

  it('a page that signs the shopper out through the widget ends their conversation there', async () => {
    const context = await browser.newContext();
    const maya = await mayaAsked(context);
    // A single-page site signing Maya out without a reload.
    await maya.evaluate(() => (window as unknown as { SwitchboardWidget: { identify(t: string | null): Promise<void> } }).SwitchboardWidget.identify(null));
    await customerSays(maya, 'Where is my order SB-10001?');
    expect(await widgetText(maya)).not.toContain(MAYA_TRACKING);
    await context.close();
  }, 60_000);
});
