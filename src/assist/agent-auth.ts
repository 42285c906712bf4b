import { timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../core/errors.js';
import type { AgentSession, AgentSessions } from './agent-sessions.js';
import { ownValue } from '../core/own-keys.js';

export interface CookieOptions {
  /** COOKIE_SECURE: the cookie is only sent over https (and gets the __Host- prefix). */
  secure: boolean;
}

/** `__Host-` makes browsers refuse the cookie unless it is Secure, host-only and Path=/. */
export function sessionCookieName(opts: CookieOptions): string {
  return opts.secure ? '__Host-sb_agent' : 'sb_agent';
}

export function sessionCookie(opts: CookieOptions, id: string, maxAgeSeconds: number): string {
  return stringifySetCookie({
    name: sessionCookieName(opts),
    value: id,
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secure,
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearedSessionCookie(opts: CookieOptions): string {
  return stringifySetCookie({
    name: sessionCookieName(opts),
    value: '',
    httpOnly: true,
    sameSite: 'strict',
    secure: opts.secure,
    path: '/',
    maxAge: 0,
  });
}

export function sessionIdFrom(req: Request, opts: CookieOptions): string | undefined {
  const header = req.get('cookie');
  if (!header || header.length > 8192) return undefined;
  return ownValue(parseCookie(header), sessionCookieName(opts));
}

export interface SignedIn {
  id: string;
  session: AgentSession;
}

/** The signed-in agent of a request that passed `requireAgent`. */
export function signedIn(res: Response): SignedIn {
  const value = res.locals.agentSession as SignedIn | undefined;
  if (!value) throw new HttpError(401, 'not_signed_in', 'sign in at /agent/login first');
  return value;
}

/**
 * Only the session cookie authenticates here: a web chat bearer token (or any other header)
 * is never looked at, so customer credentials cannot reach the panel's API.
 */
export function requireAgent(sessions: AgentSessions, opts: CookieOptions): RequestHandler {
  return async (req, res, next) => {
    const id = sessionIdFrom(req, opts);
    const session = await sessions.get(id);
    if (!id || !session) {
      res.set('Cache-Control', 'no-store');
      throw new HttpError(401, 'not_signed_in', 'sign in at /agent/login first');
    }
    res.locals.agentSession = { id, session } satisfies SignedIn;
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Rejects requests a browser made on behalf of another site. The Origin header (sent by
 * browsers on every cross-origin and every non-GET request) must be this server's own; when
 * it is absent, Fetch Metadata must not say cross-site. Non-browser clients send neither.
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.get('origin');
  if (origin !== undefined) {
    const own = `${req.protocol}://${req.get('host') ?? ''}`;
    if (origin !== own) throw new HttpError(403, 'cross_origin', `requests from origin ${origin.slice(0, 100)} are not allowed here`);
    return;
  }
  const site = req.get('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new HttpError(403, 'cross_origin', 'cross-site requests are not allowed here');
  }
}

/** CSRF: every state change checks the origin and the session's synchronizer token (X-CSRF-Token). */
export const requireCsrf: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  assertSameOrigin(req);
  const { session } = signedIn(res);
  const sent = req.get('x-csrf-token');
  const a = Buffer.from(sent ?? '');
  const b = Buffer.from(session.csrf);
  if (!sent || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new HttpError(403, 'csrf_token_invalid', 'X-CSRF-Token header is missing or does not match this session; reload the panel');
  }
  next();
};
