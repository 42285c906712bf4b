import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLoadArgs } from '../../src/cli/load-args.js';
import { checkConversation, type SentTurn } from '../../src/cli/load-order.js';
import { processCounts } from '../../src/cli/load-processes.js';
import { roundRobin, startRoundRobinProxy } from '../../src/cli/load-proxy.js';

/** The pieces of `npm run load -- --processes N` (issue 20, point 6). */

const turn = (seq: number): SentTurn => ({ conversationId: 'c1', messageId: `m${seq}`, seq });
const customer = (id: string) => ({ id, role: 'customer' });
const bot = (id: string) => ({ id, role: 'bot' });

describe('round robin', () => {
  it('hands out every backend in turn', () => {
    const next = roundRobin(3);
    expect(Array.from({ length: 7 }, next)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(() => roundRobin(0)).toThrow();
  });

  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  it('the proxy sends each request to the next process, body and status included', async () => {
    const backends: string[] = [];
    for (const name of ['a', 'b']) {
      const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          res.writeHead(name === 'a' ? 200 : 201, { 'content-type': 'text/plain' });
          res.end(`${name} ${req.method} ${req.url} ${body}`);
        });
      });
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      backends.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    const proxy = await startRoundRobinProxy(backends);
    try {
      expect(new URL(proxy.url).hostname).toBe('127.0.0.1');
      const answers: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${proxy.url}/x?i=${i}`, { method: 'POST', body: `n${i}` });
        answers.push(`${res.status} ${await res.text()}`);
      }
      expect(answers).toEqual(['200 a POST /x?i=0 n0', '201 b POST /x?i=1 n1', '200 a POST /x?i=2 n2', '201 b POST /x?i=3 n3']);
      expect(proxy.forwarded).toEqual([2, 2]);
    } finally {
      await proxy.close();
    }
  });

  it('a process that does not answer is a 502, not a hang', async () => {
    const proxy = await startRoundRobinProxy(['http://127.0.0.1:1']);
    try {
      expect((await fetch(`${proxy.url}/`)).status).toBe(502);
    } finally {
      await proxy.close();
    }
  });
});

describe('in-order check', () => {
  it('passes a history answered in the order sent', () => {
    const history = [customer('m0'), bot('b0'), customer('m1'), bot('b1'), customer('m2'), bot('b2')];
    expect(checkConversation(history, [turn(0), turn(2), turn(1)])).toEqual({ checked: 3, lost: [], outOfOrder: [] });
  });

  it('finds a message missing, or not answered', () => {
    const history = [customer('m0'), bot('b0'), customer('m1'), customer('m3'), bot('b3')];
    const r = checkConversation(history, [turn(0), turn(1), turn(2), turn(3)]);
    expect(r.lost.map((t) => t.seq)).toEqual([1, 2]);
    expect(r.outOfOrder).toEqual([]);
  });

  it('finds messages answered out of the order they were sent', () => {
    const history = [customer('m1'), bot('b1'), customer('m0'), bot('b0'), customer('m2'), bot('b2')];
    const r = checkConversation(history, [turn(0), turn(1), turn(2)]);
    expect(r.lost).toEqual([]);
    expect(r.outOfOrder.map((t) => t.seq)).toEqual([1]);
  });
});

describe('load arguments', () => {
  it('counts 1, 2, 4... up to N', () => {
    expect(processCounts(1)).toEqual([1]);
    expect(processCounts(4)).toEqual([1, 2, 4]);
    expect(processCounts(6)).toEqual([1, 2, 4, 6]);
  });

  it('reads --processes, --cluster and --connections, and refuses what does not go with them', () => {
    expect(parseLoadArgs(['--processes', '4', '--cluster', '--connections', '8'])).toMatchObject({ processes: 4, cluster: true, connections: 8 });
    expect(() => parseLoadArgs(['--cluster'])).toThrow(/--processes/);
    expect(() => parseLoadArgs(['--processes', '2', '--store', 'memory'])).toThrow(/--processes/);
    expect(() => parseLoadArgs(['--processes', 'x'])).toThrow(/--processes/);
  });
});
