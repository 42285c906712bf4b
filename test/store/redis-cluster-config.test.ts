import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/config.js';

describe('REDIS_CLUSTER_NODES', () => {
  it('reads comma-separated host:port as redis:// URLs', () => {
    expect(parseEnv({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001,rediss://h.example:7002' }).REDIS_CLUSTER_NODES).toEqual([
      'redis://10.0.0.1:7000',
      'redis://10.0.0.2:7001',
      'rediss://h.example:7002',
    ]);
    expect(parseEnv({}).REDIS_CLUSTER_NODES).toEqual([]);
  });

  it('names the variable and the entry that is wrong', () => {
    for (const bad of ['10.0.0.1', 'host:port', 'http://h:1', '10.0.0.1:99999']) {
      expect(() => parseEnv({ REDIS_CLUSTER_NODES: `10.0.0.9:7000,${bad}` })).toThrow(new RegExp(`REDIS_CLUSTER_NODES.*"${bad.replace(/[.:/]/g, '\\$&')}"`));
    }
  });

  it('is refused together with REDIS_URL', () => {
    expect(() => parseEnv({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toThrow(/REDIS_CLUSTER_NODES/);
  });
});
