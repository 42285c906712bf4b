import express from 'express';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { HttpError } from '../core/errors.js';
import { normalizeEmail } from '../core/identity.js';
import { mintIdentityToken } from '../identity/identity-token.js';
import { parseOr400 } from './validate.js';

const mintSchema = z.object({ email: z.email('email must be one of the demo customers\' e-mail addresses') }).strict();

/**
 * Development only (DEMO_IDENTITY=true, refused in production): the demo page plays the store's
 * site and mints an identity token for one of the demo store's invented customers, so the
 * signed-in flow can be tried without a real shop. A real site mints the token on its own server.
 */
export function demoIdentityRoutes(opts: {
  customers: () => Array<{ id: string; name: string; email: string }>;
  secret: string;
  clock: Clock;
}): express.Router {
  const router = express.Router();
  router.get('/customers', (_req, res) => {
    res.json({ customers: opts.customers().map((c) => ({ name: c.name, email: c.email })) });
  });
  router.post('/identity-token', express.json({ limit: 1024 }), async (req, res) => {
    const body = parseOr400(mintSchema, req.body ?? {});
    const wanted = normalizeEmail(body.email);
    const customer = opts.customers().find((c) => normalizeEmail(c.email) === wanted);
    if (!customer) throw new HttpError(404, 'unknown_demo_customer', 'email: not one of the demo store\'s customers');
    const token = await mintIdentityToken({ secret: opts.secret, customerId: customer.id, email: customer.email, now: opts.clock.now(), ttlSeconds: 3600 });
    res.json({ identityToken: token, name: customer.name });
  });
  return router;
}
