import { createShopifyBackend } from '../../../src/commerce/shopify/shopify-backend.js';
import { startFakeShopify } from '../../fakes/fake-shopify-admin.js';
import { commerceContract } from './commerce-contract.js';

commerceContract('Shopify Admin API (fake server, real @shopify/admin-api-client)', async () => {
  const shop = await startFakeShopify();
  const backend = createShopifyBackend({ storeDomain: shop.domain, credentials: { accessToken: shop.token }, apiUrl: shop.url, throttleRetries: 3, throttleBackoffMs: 10 });
  // Shopify names orders "#1001"; customers type either form.
  return { backend, orderRef: (n) => `#${n}`, close: () => shop.stop() };
});
