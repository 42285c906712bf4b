import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Conversation } from '../../core/conversation.js';
import { bearerCredentials } from '../../http/bearer.js';

/**
 * Web chat tokens are opaque random strings bound to one conversation. Only a hash is
 * stored, so a leaked store dump does not let anyone post into conversations.
 */
export function newWidgetToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export type TokenCheck = 'ok' | 'missing' | 'invalid' | 'expired';

export function checkWidgetToken(conversation: Conversation, token: string | null, now: number): TokenCheck {
  if (!token) return 'missing';
  if (!conversation.tokenHash) return 'invalid';
  const a = Buffer.from(hashToken(token));
  const b = Buffer.from(conversation.tokenHash);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'invalid';
  if (conversation.tokenExpiresAt !== undefined && now > conversation.tokenExpiresAt) return 'expired';
  return 'ok';
}

/** The widget token of `Authorization: Bearer <token>` (any case of "Bearer"); null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  const token = bearerCredentials(header);
  return token !== null && /^[A-Za-z0-9_-]{16,128}$/.test(token) ? token : null;
}
