import { describe, it } from 'vitest';
import { loadStoreData } from '../../../src/commerce/load-store-data.js';
import { createVendureBackend } from '../../../src/commerce/vendure/vendure-backend.js';
import { connectorOptions, ensureVendureInstalled, startVendureServer } from '../../helpers/vendure-server.js';
import { commerceContract, CONTRACT_STORE_DIR } from './commerce-contract.js';

/**
 * The Commerce contract against a real Vendure server (sql.js), seeded through Vendure's Shop
 * and Admin APIs. The connector signs in as an administrator whose role has only the permissions
 * it needs (a session, as most shops will run it); the API-key sign-in, whose every request costs Vendure a bcrypt check, is covered in
 * test/commerce/vendure/.
 */
const install = await ensureVendureInstalled();

if (install.ok) {
  commerceContract('vendure (real server)', async () => {
    const server = await startVendureServer();
    console.info(`vendure: install ${install.installedNow ? `${install.ms} ms` : 'cached'}; server ${JSON.stringify(server.timings)}`);
    const data = await loadStoreData(CONTRACT_STORE_DIR);
    const backend = createVendureBackend({ options: connectorOptions(server), storeData: data });
    return { backend, orderRef: (n) => server.orderCodes[n] ?? n, close: () => server.stop() };
  });
} else {
  if (process.env.CI) throw new Error(`the Vendure test server could not be installed: ${install.reason}`);
  describe('Commerce contract: vendure (real server)', () => {
    it.skip(`skipped: the Vendure test server could not be installed (${install.reason})`, () => {});
  });
}
