import { z } from 'zod';
import { CommerceUnavailableError } from '../../core/errors.js';
import type { VendureOptions } from './vendure-options.js';

const KIND = 'vendure';
/** A support lookup never needs more; a bigger answer is a misconfigured URL or a runaway query. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

const envelope = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z
    .array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).passthrough().optional() }).passthrough())
    .optional(),
});

const loginResult = z.object({
  login: z.union([
    z.object({ __typename: z.literal('CurrentUser'), id: z.string() }),
    z.object({ __typename: z.string(), errorCode: z.string().optional(), message: z.string().optional() }),
  ]),
});

export interface AdminClient {
  /** Runs one operation; `schema` validates `data`. Throws CommerceUnavailableError on any failure. */
  request<T>(operation: string, document: string, variables: Record<string, unknown>, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T>;
}

interface Session {
  headers: Record<string, string>;
}

/**
 * Vendure's Admin GraphQL API over plain fetch. Signs in with an API key (Vendure 3.6+) or an
 * administrator's login, whose session (bearer token, or the session cookie when the server only
 * uses cookies) is kept and renewed once when Vendure answers FORBIDDEN. Every failure becomes
 * CommerceUnavailableError: timeouts, refused connections, 5xx, 429, bad credentials, missing
 * permissions, GraphQL errors and answers that do not match the expected shape.
 */
export function createAdminClient(opts: VendureOptions, fetchImpl: typeof fetch = fetch): AdminClient {
  let session: Promise<Session> | null = null;

  const baseHeaders = (): Record<string, string> => ({
    'content-type': 'application/json',
    accept: 'application/json',
    ...(opts.channelToken ? { 'vendure-token': opts.channelToken } : {}),
  });

  async function post(operation: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<{ res: Response; json: z.infer<typeof envelope> }> {
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    let res: Response;
    try {
      res = await fetchImpl(opts.adminApiUrl, { method: 'POST', headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (timeout.aborted) throw new CommerceUnavailableError(KIND, 'timeout', `Vendure ${operation}: no answer within ${opts.timeoutMs} ms`, { cause: err });
      if (signal?.aborted) throw err;
      throw new CommerceUnavailableError(KIND, 'network', `Vendure ${operation}: cannot reach ${opts.adminApiUrl} (${describe(err)})`, { cause: err });
    }
    if (res.status === 429) throw new CommerceUnavailableError(KIND, 'throttled', `Vendure ${operation}: 429 too many requests`);
    if (res.status >= 500) throw new CommerceUnavailableError(KIND, 'server', `Vendure ${operation}: HTTP ${res.status}`);
    if (res.status === 401 || res.status === 403) throw new CommerceUnavailableError(KIND, 'client', `Vendure ${operation}: HTTP ${res.status}; check ${credentialNames()}`);
    let text: string;
    try {
      text = await readBounded(res, MAX_RESPONSE_BYTES);
    } catch (err) {
      if (timeout.aborted) throw new CommerceUnavailableError(KIND, 'timeout', `Vendure ${operation}: answer not complete within ${opts.timeoutMs} ms`, { cause: err });
      throw new CommerceUnavailableError(KIND, 'server', `Vendure ${operation}: ${describe(err)}`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CommerceUnavailableError(KIND, res.ok ? 'server' : 'client', `Vendure ${operation}: HTTP ${res.status}, not a GraphQL answer (is ${opts.adminApiUrl} the Admin API?)`);
    }
    const json = envelope.safeParse(parsed);
    if (!json.success) throw new CommerceUnavailableError(KIND, 'server', `Vendure ${operation}: HTTP ${res.status}, not a GraphQL answer`);
    if (!res.ok && !json.data.errors?.length) throw new CommerceUnavailableError(KIND, 'client', `Vendure ${operation}: HTTP ${res.status}`);
    return { res, json: json.data };
  }

  function credentialNames(): string {
    return opts.auth.kind === 'api_key' ? 'VENDURE_API_KEY' : 'VENDURE_ADMIN_USERNAME and VENDURE_ADMIN_PASSWORD';
  }

  async function login(signal?: AbortSignal): Promise<Session> {
    if (opts.auth.kind === 'api_key') return { headers: { [opts.auth.header]: opts.auth.apiKey } };
    const { username, password } = opts.auth;
    const body = JSON.stringify({
      query: 'mutation SwitchboardLogin($u: String!, $p: String!) { login(username: $u, password: $p, rememberMe: true) { __typename ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }',
      variables: { u: username, p: password },
    });
    const { res, json } = await post('login', body, baseHeaders(), signal);
    const result = loginResult.safeParse(json.data);
    if (!result.success) throw new CommerceUnavailableError(KIND, 'client', `Vendure login: ${json.errors?.[0]?.message ?? 'unexpected answer'}`);
    if (result.data.login.__typename !== 'CurrentUser') {
      const why = 'errorCode' in result.data.login ? result.data.login.errorCode : result.data.login.__typename;
      throw new CommerceUnavailableError(KIND, 'client', `Vendure refused the login of VENDURE_ADMIN_USERNAME "${username}" (${why}); check VENDURE_ADMIN_USERNAME and VENDURE_ADMIN_PASSWORD`);
    }
    // Bearer when the server hands out tokens, else the session cookie (Vendure's default).
    const token = res.headers.get('vendure-auth-token');
    if (token) return { headers: { authorization: `Bearer ${token}` } };
    const cookies = res.headers.getSetCookie().map((c) => c.split(';', 1)[0]!.trim()).filter((c) => c.includes('='));
    if (cookies.length) return { headers: { cookie: cookies.join('; ') } };
    throw new CommerceUnavailableError(KIND, 'client', 'Vendure login succeeded but returned neither a vendure-auth-token header nor a session cookie (check authOptions.tokenMethod)');
  }

  /** One login at a time; a failed one is forgotten so the next call tries again. */
  function currentSession(signal?: AbortSignal): Promise<Session> {
    if (!session) {
      const attempt = login(signal);
      session = attempt;
      attempt.catch(() => {
        if (session === attempt) session = null;
      });
    }
    return session;
  }

  async function request<T>(operation: string, document: string, variables: Record<string, unknown>, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
    const body = JSON.stringify({ query: document, variables });
    for (let attempt = 0; ; attempt++) {
      const used = currentSession(signal);
      const { headers } = await used;
      const { json } = await post(operation, body, { ...baseHeaders(), ...headers }, signal);
      const errors = json.errors ?? [];
      if (errors.length) {
        const forbidden = errors.some((e) => e.extensions?.code === 'FORBIDDEN');
        if (forbidden && opts.auth.kind === 'password' && attempt === 0) {
          // The session lapsed (or the server restarted): sign in again once.
          if (session === used) session = null;
          continue;
        }
        if (forbidden) {
          throw new CommerceUnavailableError(
            KIND,
            'client',
            `Vendure ${operation}: FORBIDDEN; the account of ${credentialNames()} needs the permissions ReadOrder, UpdateOrder, ReadCustomer and ReadCatalog${opts.channelToken ? ' on the channel of VENDURE_CHANNEL_TOKEN' : ''}`,
          );
        }
        const first = errors[0]!;
        throw new CommerceUnavailableError(KIND, 'client', `Vendure ${operation}: ${first.extensions?.code ? `${first.extensions.code}: ` : ''}${first.message.slice(0, 300)}`);
      }
      const data = schema.safeParse(json.data);
      if (!data.success) {
        const issue = data.error.issues[0];
        throw new CommerceUnavailableError(KIND, 'server', `Vendure ${operation}: unexpected answer at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
      }
      return data.data;
    }
  }

  return { request };
}

async function readBounded(res: Response, max: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new Error(`answer of ${declared} bytes is over the ${max}-byte limit`);
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new Error(`answer over the ${max}-byte limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : '';
    return code ? `${err.message}: ${code}` : err.message;
  }
  return String(err);
}
