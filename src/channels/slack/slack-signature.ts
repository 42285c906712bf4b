import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Slack's replay window: a request older (or newer) than this is refused. */
export const SLACK_TOLERANCE_SECONDS = 5 * 60;

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` under the signing secret. */
export function slackSignature(signingSecret: string, timestamp: string, body: Buffer): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Verifies X-Slack-Signature over the exact bytes received, before anything is parsed.
 * The comparison is constant-time; the timestamp bounds replays of a captured request.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  nowMs: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'X-Slack-Request-Timestamp and X-Slack-Signature headers are required' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp must be a Unix time in seconds' };
  const age = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (age > (input.toleranceSeconds ?? SLACK_TOLERANCE_SECONDS)) return { ok: false, reason: 'request timestamp is outside the 5 minute window' };
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'signature does not match' };
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.body));
  const received = Buffer.from(signature);
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
