import { describe, expect, it } from 'vitest';
import { lazyImport } from '../../src/core/lazy-import.js';

describe('lazyImport', () => {
  it('loads once and shares the module between callers', async () => {
    let loads = 0;
    const load = lazyImport(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('tries again after a failed import instead of keeping the failure', async () => {
    let calls = 0;
    const load = lazyImport(async () => {
      if (++calls === 1) throw new Error('EMFILE: too many open files');
      return 'module';
    });
    await expect(load()).rejects.toThrow('EMFILE');
    expect(await load()).toBe('module');
    expect(calls).toBe(2);
  });
});
