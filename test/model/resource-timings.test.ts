import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { withoutResourceTimings } from '../../src/model/resource-timings.js';

describe('withoutResourceTimings', () => {
  it('keeps node fetch from filling the resource timing buffer (250 entries) and dispatching resourcetimingbufferfull per request', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    let full = 0;
    const onFull = () => {
      full += 1;
    };
    performance.addEventListener('resourcetimingbufferfull', onFull);
    try {
      performance.clearResourceTimings();
      const wrapped = withoutResourceTimings(fetch);
      for (let i = 0; i < 300; i++) expect(await (await wrapped(url, { method: 'POST', body: 'x' })).text()).toBe('ok');
      // Each request clears the entries of the ones before it.
      expect(performance.getEntriesByType('resource').length).toBeLessThanOrEqual(1);
      expect(full).toBe(0);
    } finally {
      performance.removeEventListener('resourcetimingbufferfull', onFull);
      performance.clearResourceTimings();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
