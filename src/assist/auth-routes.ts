import express, { type RequestHandler } from 'express';
import { z } from 'zod';
import { HttpError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { clientAddressKey } from '../http/client-address.js';
import { parseOr400 } from '../http/validate.js';
import type { AgentDirectory } from './agent-accounts.js';
import {
  assertSameOrigin,
  clearedSessionCookie,
  requireCsrf,
  sessionCookie,
  sessionIdFrom,
  signedIn,
  type CookieOptions,
} from './agent-auth.js';
import type { AgentSessions } from './agent-sessions.js';
import type { LoginLimits } from './login-limits.js';
import { burnPasswordCheck, verifyPassword } from './password-hash.js';

const loginSchema = z
  .object({
    name: z.string({ error: 'name is required' }).trim().min(1, 'name must not be empty').max(32, 'name is at most 32 characters'),
    password: z.string({ error: 'password is required' }).min(1, 'password must not be empty').max(1024, 'password is at most 1024 characters'),
  })
  .strict();

export interface AuthRouteDeps {
  accounts: AgentDirectory;
  sessions: AgentSessions;
  limits: LoginLimits;
  cookie: CookieOptions;
  logger: Logger;
  json: RequestHandler;
  requireAgent: RequestHandler;
}

/** POST /login, POST /logout, GET /session under /api/agent. */
export function authRoutes(deps: AuthRouteDeps): express.Router {
  const router = express.Router();

  router.post('/login', deps.json, async (req, res) => {
    // No session yet, so no synchronizer token: the origin check and the JSON-only body
    // (a cross-site form cannot send application/json without a CORS preflight) stop login CSRF.
    assertSameOrigin(req);
    if (req.body === undefined) throw new HttpError(415, 'unsupported_media_type', 'send {"name", "password"} as application/json');
    const body = parseOr400(loginSchema, req.body);
    const attempt = await deps.limits.begin(clientAddressKey(req.ip), body.name);
    const account = await deps.accounts.find(body.name);
    const ok = account ? await verifyPassword(body.password, account.hash) : (await burnPasswordCheck(body.password), false);
    if (!account || !ok) {
      deps.logger.warn({ agent: body.name.slice(0, 32), ip: req.ip }, 'agent sign-in failed');
      throw new HttpError(401, 'invalid_credentials', 'wrong name or password');
    }
    await attempt.succeeded();
    await deps.sessions.destroy(sessionIdFrom(req, deps.cookie));
    const { id, session } = await deps.sessions.create(account.name);
    deps.logger.info({ agent: account.name }, 'agent signed in');
    res.set('Cache-Control', 'no-store');
    res.append('Set-Cookie', sessionCookie(deps.cookie, id, deps.sessions.ttlSeconds));
    res.json({ agent: session.agent, role: account.role, csrfToken: session.csrf, expiresAt: session.expiresAt });
  });

  router.get('/session', deps.requireAgent, async (_req, res) => {
    const { session } = signedIn(res);
    const role = (await deps.accounts.find(session.agent))?.role ?? 'agent';
    res.set('Cache-Control', 'no-store');
    res.json({ agent: session.agent, role, csrfToken: session.csrf, expiresAt: session.expiresAt });
  });

  router.post('/logout', deps.requireAgent, requireCsrf, async (_req, res) => {
    const { id, session } = signedIn(res);
    await deps.sessions.destroy(id);
    deps.logger.info({ agent: session.agent }, 'agent signed out');
    res.append('Set-Cookie', clearedSessionCookie(deps.cookie));
    res.status(204).end();
  });

  return router;
}
