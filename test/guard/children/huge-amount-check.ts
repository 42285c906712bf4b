import { createGuardKit } from '../guard-kit.js';

/**
 * One guard check with an amount far past what doubles hold to the cent, run in a child process
 * by huge-amounts.test.ts: on the base, the check looped forever (a loop over cents whose
 * counter stops moving past 2^53), which no test timeout in the same process can stop.
 * argv: the customer's text and the draft reply; prints the verdict as JSON.
 */
const [text = '', reply = ''] = process.argv.slice(2);
const kit = await createGuardKit();
const search = await kit.tool('search_products', { query: 'blender' });
const verdict = await kit.check('product_recommendation', text, reply, [search]);
process.stdout.write(`${JSON.stringify({ ok: verdict.ok, kind: verdict.kind ?? null })}\n`);
await kit.close();
