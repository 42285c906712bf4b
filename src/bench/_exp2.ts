import autocannon from 'autocannon';
import { startFakeOpenAIServer } from '../../test/fakes/fake-openai-server.js';
import { exited, forkTs, nextMessage } from './child.js';
const fake = await startFakeOpenAIServer({ instant: true });
const kind = process.argv[2] ?? 'floor';
const env: Record<string,string> = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'x', RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_CONVERSATION_PER_MINUTE: '100000000' };
const child = forkTs('target-process.ts', { BENCH_TARGET: JSON.stringify({ kind, env }) }, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']);
const { url } = await nextMessage<{ type: 'ready'; url: string }>(child, ['ready']);
let path = '/api/chat/conversations/x/messages'; let headers: Record<string,string> = { 'content-type': 'application/json' };
const convs: {id:string, token:string}[] = [];
if (kind === 'switchboard') {
  for (let i = 0; i < 300; i++) { const r = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers, body: '{}' }); const b = await r.json() as any; convs.push({ id: b.conversationId, token: b.token }); }
}
let n = 0;
const r = await autocannon({ url, connections: 16, duration: 5, requests: [{ method: 'POST', setupRequest: (req) => { const c = convs[n++ % Math.max(1, convs.length)]; return { ...req, path: c ? `/api/chat/conversations/${c.id}/messages` : path, headers: { ...headers, ...(c ? { authorization: `Bearer ${c.token}` } : {}) }, body: JSON.stringify({ text: 'Can you suggest a quiet blender for a small kitchen?' }) }; } }] });
console.log(kind, r['2xx'] / r.duration, r.latency.p50, r.non2xx);
child.send({ type: 'stop' }); await exited(child); await fake.close();
