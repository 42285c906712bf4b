import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from '../core/errors.js';

/**
 * The credentials of `Authorization: Bearer <token>` (RFC 6750 §2.1), or null. The scheme is
 * matched case-insensitively, as RFC 7235 §2.1 requires ("bearer", "BEARER"), and the token must
 * be token68: letters, digits and -._~+/ with optional trailing "=". Header length is bounded by
 * Node's HTTP parser, and the pattern has no nested repetition: linear in the header.
 */
export function bearerCredentials(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^[ \t]*bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i.exec(header);
  return m ? m[1]! : null;
}

/** Equal strings, in time that does not depend on where they differ (both are hashed to one length first). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** Requires `Authorization: Bearer <token>` with exactly `token` (401 with WWW-Authenticate otherwise). */
export function requireBearer(token: string, realm: string, variable: string): RequestHandler {
  return (req, _res, next) => {
    const sent = bearerCredentials(req.get('authorization'));
    if (sent !== null && constantTimeEqual(sent, token)) return next();
    next(
      new HttpError(401, 'unauthorized', `Authorization: Bearer <${variable}> is required`, {
        headers: { 'WWW-Authenticate': `Bearer realm="${realm}"` },
      }),
    );
  };
}
