import type { errors as JoseErrors } from 'jose';
import { normalizeEmail, type VerifiedCustomer } from '../core/identity.js';
import { lazyImport } from '../core/lazy-import.js';

/** Why an identity token was refused; each is named in the 4xx the widget gets. */
export type IdentityTokenProblem = 'not_configured' | 'malformed' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'missing_claims';

export class IdentityTokenError extends Error {
  readonly problem: IdentityTokenProblem;
  constructor(problem: IdentityTokenProblem, message: string) {
    super(message);
    this.name = 'IdentityTokenError';
    this.problem = problem;
  }
}

/**
 * jose is imported on the first token, not at start: a server without IDENTITY_SECRET never
 * verifies one, and the package kept about 0.5 MB of heap and 3 MB of RSS in every process
 * (issue 20: peak RSS).
 */
const loadJose = lazyImport(() => import('jose'));

/** Tokens valid for longer than this are refused: the host site mints a fresh one per page load. */
const MAX_LIFETIME_SECONDS = 24 * 3600;
const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * Verifies the identity token a store's site passes to the widget for a signed-in shopper: a
 * JWT signed HS256 with IDENTITY_SECRET, with `sub` (the store's customer id), `email` and `exp`.
 * Identity is decided here, in code; the model never sees or sets it.
 */
export async function verifyIdentityToken(token: string, secret: string | undefined, now: number): Promise<VerifiedCustomer> {
  if (!secret) throw new IdentityTokenError('not_configured', 'identity tokens are not enabled on this server (IDENTITY_SECRET is not set)');
  if (token.length > 4096 || token.split('.').length !== 3) throw new IdentityTokenError('malformed', 'identity token: not a signed JWT (header.payload.signature)');
  const { errors, jwtVerify } = await loadJose();
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      currentDate: new Date(now),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'email', 'exp'],
    });
    const email = typeof payload.email === 'string' ? normalizeEmail(payload.email) : '';
    // `sub` is a string (RFC 7519 StringOrURI): a number or a blank one would be compared with order ids as something else.
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '' || !email.includes('@')) throw new IdentityTokenError('missing_claims', 'identity token: needs a customer id in "sub" and an e-mail address in "email"');
    if (payload.exp! - Math.floor(now / 1000) > MAX_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
      throw new IdentityTokenError('expired', `identity token: "exp" is more than ${MAX_LIFETIME_SECONDS / 3600} hours ahead; mint a short-lived token per page load`);
    }
    return { email, customerId: payload.sub, method: 'identity_token', verifiedAt: now, expiresAt: payload.exp! * 1000 };
  } catch (err) {
    if (err instanceof IdentityTokenError) throw err;
    if (err instanceof errors.JWTExpired) throw new IdentityTokenError('expired', 'identity token: expired ("exp" is in the past)');
    if (err instanceof errors.JWSSignatureVerificationFailed) throw new IdentityTokenError('bad_signature', 'identity token: the signature does not match IDENTITY_SECRET');
    if (err instanceof errors.JWTClaimValidationFailed) {
      const claim = (err as JoseErrors.JWTClaimValidationFailed).claim;
      if (claim === 'nbf' || claim === 'iat') throw new IdentityTokenError('not_yet_valid', `identity token: not valid yet ("${claim}" is in the future)`);
      throw new IdentityTokenError('missing_claims', `identity token: claim "${claim}" is missing or invalid`);
    }
    if (err instanceof errors.JOSEAlgNotAllowed) throw new IdentityTokenError('bad_signature', 'identity token: must be signed with HS256');
    throw new IdentityTokenError('malformed', 'identity token: not a valid signed JWT');
  }
}

/** Mints a token the way a host site would (the demo page in development, and tests). */
export async function mintIdentityToken(input: { secret: string; customerId: string; email: string; now: number; ttlSeconds?: number }): Promise<string> {
  const { SignJWT } = await loadJose();
  const iat = Math.floor(input.now / 1000);
  return new SignJWT({ email: input.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.customerId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (input.ttlSeconds ?? 3600))
    .sign(new TextEncoder().encode(input.secret));
}
