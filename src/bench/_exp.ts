import autocannon from 'autocannon';
import { startFakeOpenAIServer } from '../../test/fakes/fake-openai-server.js';
import { startTarget } from './target.js';
const fake = await startFakeOpenAIServer({ instant: true });
const body = JSON.stringify({ model: 'x', stream: true, messages: [{ role: 'user', content: 'hello there' }] });
let r = await autocannon({ url: `${fake.baseURL}/chat/completions`, connections: 64, duration: 3, method: 'POST', headers: { 'content-type': 'application/json' }, body });
console.log('fake direct c64', r['2xx'] / r.duration, r.latency.p50);
const floor = await startTarget({ name: 'floor', kind: 'floor', env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'x' } });
for (const c of [1, 16, 64]) {
  r = await autocannon({ url: `${floor.url}/api/chat/conversations/x/messages`, connections: c, duration: 3, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hello' }) });
  console.log('floor c', c, r['2xx'] / r.duration, r.latency.p50, r.non2xx);
}
await floor.stop(); await fake.close();
