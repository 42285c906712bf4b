import { startBridge } from '../../../examples/commerce-bridge/bridge-server.js';
import { createHttpBackend } from '../../../src/commerce/http/http-backend.js';
import { commerceContract, CONTRACT_STORE_DIR } from './commerce-contract.js';

commerceContract('HTTP bridge (reference bridge in examples/, real HTTP)', async () => {
  const token = 'contract-bridge-token-0123456789';
  const bridge = await startBridge({ dir: CONTRACT_STORE_DIR, token });
  const backend = createHttpBackend({ baseUrl: bridge.url, token });
  return { backend, orderRef: (n) => n, close: () => bridge.stop() };
});
