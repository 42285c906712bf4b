import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETURNS_COLLECTION, WARRANTY_CLAIMS_COLLECTION } from '../../src/commerce/store-commerce.js';
import type { ReturnRequest, WarrantyClaim } from '../../src/core/commerce.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { accountsEnv, memoryBundle, signIn } from './assist-harness.js';
import { startRealApp, type RealApp } from './real-app.js';

describe('panel: warranty claims and returns the bot recorded', () => {
  let bundle: StoreBundle;
  let app: RealApp;
  beforeAll(async () => {
    bundle = memoryBundle();
    app = await startRealApp({ bundle, accounts: await accountsEnv({ dana: 'correct horse battery' }) });
  });
  afterAll(() => app.close());

  it('lists them newest first for a signed-in agent, and to nobody else', async () => {
    const claim: WarrantyClaim = { id: 'WC-1', orderId: 'SB-10001', sku: 'KIT-1001', issue: 'stopped heating', status: 'open', createdAt: '2026-01-02T00:00:00.000Z', sourceConversation: 'c-1', nextSteps: [] };
    const ret: ReturnRequest = { id: 'RET-1', orderId: 'SB-10002', sku: 'KIT-1002', reason: 'too loud', status: 'requested', createdAt: '2026-01-03T00:00:00.000Z', instructions: [] };
    await bundle.store.putRecord(WARRANTY_CLAIMS_COLLECTION, 'SB-10001:KIT-1001', claim);
    await bundle.store.putRecord(RETURNS_COLLECTION, 'SB-10002:KIT-1002', ret);
    expect((await fetch(`${app.url}/api/agent/records`)).status).toBe(401);
    const agent = await signIn(app.url, 'dana', 'correct horse battery');
    const body = await agent.json<{ returns: ReturnRequest[]; warrantyClaims: WarrantyClaim[] }>('GET', '/records');
    expect(body.warrantyClaims).toEqual([claim]);
    expect(body.returns).toEqual([ret]);
  });
});
