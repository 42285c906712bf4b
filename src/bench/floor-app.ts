import express, { type Express } from 'express';
import type { ChatMessage, ModelClient } from '../core/model.js';

/**
 * The floor the overhead is measured against: a bare express app whose one handler calls
 * the model through Switchboard's own client (src/model, i.e. the same `openai` SDK, with
 * the same retries/bulkhead wrapper, since only src/model may import `openai`) and returns
 * the reply. No auth, store, routing, prompt assembly or guard: what "just call the model"
 * costs. With `Accept: text/event-stream` it relays the deltas as SSE, like the web chat.
 */
export function createFloorApp(model: ModelClient): Express {
  const app = express();
  app.disable('x-powered-by');
  app.post('/api/chat/conversations/:id/messages', express.json({ limit: 64 * 1024 }), async (req, res) => {
    const text = typeof req.body?.text === 'string' ? req.body.text : '';
    if (!text) {
      res.status(400).json({ error: 'text is required' });
      return;
    }
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are a helpful support assistant.' },
      { role: 'user', content: text },
    ];
    try {
      if ((req.get('accept') ?? '').includes('text/event-stream')) {
        res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.flushHeaders();
        let reply = '';
        for await (const e of model.stream({ messages })) {
          if (e.type === 'delta') {
            reply += e.text;
            res.write(`event: delta\ndata: ${JSON.stringify({ text: e.text })}\n\n`);
          }
        }
        res.write(`event: done\ndata: ${JSON.stringify({ reply: { text: reply } })}\n\n`);
        res.end();
        return;
      }
      let reply = '';
      for await (const e of model.stream({ messages })) if (e.type === 'delta') reply += e.text;
      res.json({ reply: { text: reply } });
    } catch (err) {
      if (!res.headersSent) res.status(502).json({ error: (err as Error).message });
      else res.end();
    }
  });
  return app;
}
