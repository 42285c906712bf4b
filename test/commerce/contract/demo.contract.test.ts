import { createDemoBackend } from '../../../src/commerce/demo-backend.js';
import { loadStoreData } from '../../../src/commerce/load-store-data.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { commerceContract, CONTRACT_STORE_DIR } from './commerce-contract.js';

commerceContract('demo files', async () => {
  const clock = { now: () => Date.now() };
  const data = await loadStoreData(CONTRACT_STORE_DIR);
  const backend = await createDemoBackend({ dir: CONTRACT_STORE_DIR, productsBySku: data.productsBySku, store: new MemoryStore({ historyTtlSeconds: 3600, maxMessages: 10, clock }), clock });
  return { backend, orderRef: (n) => n, close: async () => {} };
});
