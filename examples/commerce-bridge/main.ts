import path from 'node:path';
import { startBridge } from './bridge-server.js';

/**
 * npx tsx examples/commerce-bridge/main.ts [store folder]
 * BRIDGE_TOKEN (required), BRIDGE_PORT (default 4100), BRIDGE_HOST (default 127.0.0.1).
 */
const token = process.env.BRIDGE_TOKEN;
if (!token || token.length < 16) {
  process.stderr.write('commerce-bridge: BRIDGE_TOKEN must be set (16+ characters); Switchboard sends it as COMMERCE_HTTP_TOKEN\n');
  process.exit(1);
}
const dir = path.resolve(process.argv[2] ?? 'skills/_store');
const bridge = await startBridge({ dir, token, host: process.env.BRIDGE_HOST ?? '127.0.0.1', port: Number(process.env.BRIDGE_PORT ?? 4100) });
process.stdout.write(`commerce-bridge: serving ${dir} on ${bridge.url}\n`);
const stop = () => void bridge.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
