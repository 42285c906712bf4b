import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Agent passwords, hashed with node:crypto scrypt. The hash string carries its own
 * parameters and salt so they can be raised later without breaking stored hashes:
 *
 *   scrypt.<N>.<r>.<p>.<salt base64url>.<key base64url>
 *
 * Only `.`, digits and base64url characters: safe in AGENT_ACCOUNTS ("name:hash,name:hash"),
 * in a shell `export` and in a .env file (no `$`, `:` or `,`).
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * One of OWASP's equivalent scrypt settings (N=2^15, r=8, p=3): 32 MiB per check rather than
 * the 128 MiB of N=2^17, so a burst of sign-ins cannot exhaust memory; a few hundred ms each.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const HASH_FORMAT = /^scrypt\.(\d{1,8})\.(\d{1,3})\.(\d{1,3})\.([A-Za-z0-9_-]{16,128})\.([A-Za-z0-9_-]{16,256})$/;

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export function isPasswordHash(value: string): boolean {
  return parseHash(value) !== null;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(value: string): ParsedHash | null {
  const m = HASH_FORMAT.exec(value);
  if (!m) return null;
  const params = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // N must be a power of two > 1; bounds keep a forged hash from costing gigabytes per check.
  if (params.N < 2 || params.N > 2 ** 20 || (params.N & (params.N - 1)) !== 0) return null;
  if (params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return null;
  return { params, salt: Buffer.from(m[4]!, 'base64url'), key: Buffer.from(m[5]!, 'base64url') };
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('.');
}

/** True when `password` matches `hash`. A malformed hash never matches (and never throws). */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as checking a real password, for unknown account names, so the
 * response time does not tell an attacker which names exist.
 */
export async function burnPasswordCheck(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<void> {
  dummy ??= hashPassword('not-a-real-account', params);
  await verifyPassword(password, await dummy);
}
