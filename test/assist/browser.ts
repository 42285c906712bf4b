import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, headless, with everything that would reach the network switched off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The customer types into the open widget and sends; resolves once the widget can send again (the turn is answered). */
export async function customerSays(page: Page, text: string): Promise<void> {
  await page.locator('#sb-input').fill(text);
  await page.locator('button.send').click();
  await page.locator('button.send:not([disabled])').waitFor();
}

/** The agent panel in a desktop-sized page, signed in and with its live feed connected. */
export async function agentPanelPage(browser: Browser, url: string, account = { name: 'alice', password: 'alice password 1' }): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  await page.goto(`${url}/agent`);
  await page.waitForURL('**/agent/login');
  await page.fill('#name', account.name);
  await page.fill('#password', account.password);
  await page.click('#sign-in');
  await page.waitForURL((u) => u.pathname === '/agent');
  await page.locator('#live.on').waitFor();
  return page;
}
