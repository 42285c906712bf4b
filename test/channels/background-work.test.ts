import { describe, expect, it } from 'vitest';
import { createBackgroundWork } from '../../src/channels/background-work.js';
import { silentLogger } from '../../src/core/logger.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('background work', () => {
  it('runs tasks of one conversation in the order they were accepted, others alongside', async () => {
    const work = createBackgroundWork(silentLogger);
    const log: string[] = [];
    work.run('a1', async () => {
      log.push('a1 start');
      await sleep(40);
      log.push('a1 end');
    }, 'a');
    work.run('a2', async () => {
      log.push('a2 start');
    }, 'a');
    work.run('b1', async () => {
      log.push('b1 start');
    }, 'b');
    await work.idle();
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('keeps going after a task of the same conversation failed', async () => {
    const work = createBackgroundWork(silentLogger);
    const log: string[] = [];
    work.run('bad', async () => {
      throw new Error('boom');
    }, 'a');
    work.run('good', async () => {
      log.push('good');
    }, 'a');
    await work.idle();
    expect(log).toEqual(['good']);
  });
});
