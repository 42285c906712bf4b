import type { Response } from 'express';

/**
 * A Server-Sent Events response. Flushes each event immediately (no compression on
 * these routes) and sends comments as heartbeats so proxies keep the stream open.
 */
export class SseStream {
  private closed = false;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly res: Response, opts: { heartbeatMs?: number } = {}) {
    res.status(200);
    res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.on('close', () => this.stop());
    if (opts.heartbeatMs) {
      this.heartbeat = setInterval(() => this.comment('ping'), opts.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  get isClosed(): boolean {
    return this.closed || this.res.writableEnded || this.res.destroyed;
  }

  send(event: string, data: unknown): void {
    if (this.isClosed) return;
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  comment(text: string): void {
    if (this.isClosed) return;
    this.res.write(`: ${text}\n\n`);
  }

  end(): void {
    this.stop();
    if (!this.res.writableEnded) this.res.end();
  }

  private stop(): void {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
