/**
 * Events API requests as Slack sends them: JSON envelopes signed with the app's signing secret
 * (an independent implementation of Slack's documented scheme, so the product's verifier is
 * checked against it rather than against itself).
 *
 *   await sendSlackEvent(url, secret, eventCallback({ event: imMessage({ text: 'hi' }) }))
 *   await sendSlackEvent(url, secret, payload, { timestamp: now - 600 })     // stale
 *   await sendSlackEvent(url, secret, payload, { signature: 'v0=00…' })     // forged
 *   await sendSlackEvent(url, secret, payload, { retryNum: 1 })             // a Slack retry
 */
import { createHmac, randomUUID } from 'node:crypto';

let tsCounter = 0;

/** Unique Slack-style message timestamps ("seconds.micros"). */
export function nextTs(): string {
  tsCounter++;
  return `${Math.floor(Date.now() / 1000)}.${String(100000 + tsCounter).padStart(6, '0')}`;
}

export function imMessage(o: { text: string; user?: string; channel?: string; ts?: string; thread_ts?: string; extra?: Record<string, unknown> }) {
  return {
    type: 'message',
    channel_type: 'im',
    channel: o.channel ?? 'D0SHOPPER1',
    user: o.user ?? 'U0SHOPPER1',
    text: o.text,
    ts: o.ts ?? nextTs(),
    ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
    client_msg_id: randomUUID(),
    ...o.extra,
  };
}

export function appMention(o: { text: string; user?: string; channel?: string; ts?: string; thread_ts?: string; extra?: Record<string, unknown> }) {
  return {
    type: 'app_mention',
    channel: o.channel ?? 'C0SUPPORT1',
    user: o.user ?? 'U0SHOPPER1',
    text: o.text,
    ts: o.ts ?? nextTs(),
    ...(o.thread_ts ? { thread_ts: o.thread_ts } : {}),
    ...o.extra,
  };
}

export function eventCallback(o: { event: Record<string, unknown>; teamId?: string; eventId?: string }) {
  return {
    token: 'deprecated-verification-token',
    team_id: o.teamId ?? 'T0STORE01',
    api_app_id: 'A0SWITCH01',
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: o.event,
  };
}

export function signBody(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function sendSlackEvent(
  url: string,
  secret: string,
  payload: unknown,
  o: { timestamp?: number | string; signature?: string | null; retryNum?: number; rawBody?: string; omitTimestamp?: boolean; bodyAfterSigning?: string } = {},
): Promise<{ status: number; body: any }> {
  const body = o.rawBody ?? JSON.stringify(payload);
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (!o.omitTimestamp) headers['X-Slack-Request-Timestamp'] = timestamp;
  const signature = o.signature === undefined ? signBody(secret, timestamp, body) : o.signature;
  if (signature !== null) headers['X-Slack-Signature'] = signature;
  if (o.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(o.retryNum);
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  const res = await fetch(url, { method: 'POST', headers, body: o.bodyAfterSigning ?? body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed };
}
