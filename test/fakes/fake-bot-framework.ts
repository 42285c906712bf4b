/**
 * A fake Bot Framework for tests: real HTTP on 127.0.0.1 (port 0), so the real
 * botframework-connector verifies tokens against it and its ConnectorClient calls it, exactly
 * as they would against Azure Bot Service.
 *
 *   const bf = await startFakeBotFramework({ appId, appSecret });
 *   options: { appId, appPassword: appSecret, openIdMetadataUrl: bf.openIdMetadataUrl, tokenEndpoint: bf.tokenEndpoint, ... }
 *   await bf.post(appUrl, bf.message({ text: 'hi' }))            // signed like the channel would
 *   await bf.post(appUrl, activity, { token: { audience: 'x' } })   // a bad token (see TokenOptions)
 *   await bf.waitFor((a) => a.activity.type === 'message')         // what the bot sent back
 *   await bf.close();
 *
 * What it serves:
 * - GET  /v1/.well-known/openidconfiguration  OpenID metadata (issuer https://api.botframework.com, jwks_uri)
 * - GET  /v1/.well-known/keys                 the JWKS: `valid` (endorsed for msteams, emulator, webchat,
 *                                             directline) and `unendorsed` (endorsed for skype only); the
 *                                             `unknown` and `forged` keys are never published
 * - POST /botframework.com/oauth2/v2.0/token   client-credentials grant: checks client_id/secret and the
 *                                             Bot Framework scope, issues an opaque access token
 * - GET  /msi/token                         an App Service managed identity endpoint (set IDENTITY_ENDPOINT
 *                                             to `bf.managedIdentityEndpoint`, IDENTITY_HEADER to `bf.identityHeader`):
 *                                             issues a token for client_id = appId, resource = Bot Framework
 * - POST /connector/v3/conversations/:id/activities[/:replyToId]   the connector: requires a token
 *                                             it issued (unless `acceptAnonymous`), records the activity
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const BF_ISSUER = 'https://api.botframework.com';
export const BF_SCOPE = 'https://api.botframework.com/.default';

export type KeyName = 'valid' | 'unendorsed' | 'unknown' | 'forged';

export interface TokenOptions {
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token (Bot Framework allows 5 minutes of clock skew). */
  expiresIn?: number;
  key?: KeyName;
  /** The `serviceurl` claim; null leaves it out. Default: this fake's serviceUrl. */
  serviceUrl?: string | null;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
}

export interface RecordedActivity {
  kind: 'send' | 'reply';
  conversationId: string;
  replyToId?: string;
  /** The Authorization header the bot sent (undefined when it sent none). */
  authorization?: string;
  activity: Record<string, any>;
  at: number;
}

export interface MessageOptions {
  text?: string;
  id?: string;
  conversationId?: string;
  conversationType?: 'personal' | 'channel' | 'groupChat';
  tenantId?: string;
  user?: { id: string; name?: string; aadObjectId?: string };
  entities?: Array<Record<string, unknown>>;
  channelId?: string;
  serviceUrl?: string;
  type?: string;
  extra?: Record<string, unknown>;
}

export interface FakeBotFramework {
  url: string;
  /** What activities carry as serviceUrl, and what valid tokens carry as the serviceurl claim. */
  serviceUrl: string;
  openIdMetadataUrl: string;
  tokenEndpoint: string;
  appId: string;
  /** The client secret the token endpoint accepts (MicrosoftAppPassword). */
  appSecret: string;
  bot: { id: string; name: string };
  activities: RecordedActivity[];
  tokenRequests: Array<{ clientId: string; scope: string; ok: boolean }>;
  /** Managed identity endpoint (App Service protocol) and the secret header value it expects. */
  managedIdentityEndpoint: string;
  identityHeader: string;
  managedIdentityRequests: Array<{ clientId: string | null; resource: string | null; ok: boolean }>;
  /** Connector calls refused for lack of a valid token. */
  rejectedConnectorCalls: number;
  /** Metadata + JWKS fetches (the connector caches keys per metadata URL). */
  keyFetches: number;
  mintToken(opts?: TokenOptions): Promise<string>;
  /** A message activity as Teams sends it. */
  message(opts?: MessageOptions): Record<string, any>;
  /** conversationUpdate with the bot (or `members`) added. */
  conversationUpdate(opts?: MessageOptions & { members?: Array<{ id: string; name?: string }> }): Record<string, any>;
  /**
   * POSTs an activity to the bot with a valid token, or per `token` options, or with the exact
   * `authorization` header (null: none).
   */
  post(
    url: string,
    activity: unknown,
    opts?: { token?: TokenOptions; authorization?: string | null; rawBody?: string; contentType?: string },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** Resolves with the first recorded activity matching `predicate` (waiting up to `timeoutMs`). */
  waitFor(predicate: (a: RecordedActivity) => boolean, timeoutMs?: number): Promise<RecordedActivity>;
  messagesTo(conversationId?: string): RecordedActivity[];
  close(): Promise<void>;
}

const TEAMS_ENDORSEMENTS = ['msteams', 'emulator', 'webchat', 'directline'];

async function makeKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey: privateKey as CryptoKey, jwk };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFakeBotFramework(opts: { appId?: string; appSecret?: string; acceptAnonymous?: boolean } = {}): Promise<FakeBotFramework> {
  const appId = opts.appId ?? randomUUID();
  const appSecret = opts.appSecret ?? randomBytes(16).toString('hex');
  const keys: Record<KeyName, Awaited<ReturnType<typeof makeKey>>> = {
    valid: await makeKey(`valid-${randomUUID().slice(0, 8)}`),
    unendorsed: await makeKey(`unendorsed-${randomUUID().slice(0, 8)}`),
    unknown: await makeKey(`unknown-${randomUUID().slice(0, 8)}`),
    forged: await makeKey('placeholder'),
  };
  // Signed by a key nobody published, but claiming to be the published one.
  keys.forged = { ...keys.forged, kid: keys.valid.kid };
  const issuedTokens = new Set<string>();
  const identityHeader = randomBytes(8).toString('hex');
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const bot = { id: `28:${appId}`, name: 'Switchboard' };
  let nextActivity = 0;

  const state = {
    activities: [] as RecordedActivity[],
    tokenRequests: [] as FakeBotFramework['tokenRequests'],
    managedIdentityRequests: [] as FakeBotFramework['managedIdentityRequests'],
    rejectedConnectorCalls: 0,
    keyFetches: 0,
  };

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
        state.keyFetches++;
        sendJson(res, 200, {
          issuer: BF_ISSUER,
          authorization_endpoint: `${base}/v1/authorize`,
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
        return;
      }
      if (req.method === 'GET' && path === '/v1/.well-known/keys') {
        sendJson(res, 200, {
          keys: [
            { ...keys.valid.jwk, endorsements: TEAMS_ENDORSEMENTS },
            { ...keys.unendorsed.jwk, endorsements: ['skype'] },
          ],
        });
        return;
      }
      if (req.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(path)) {
        const form = new URLSearchParams(await readBody(req));
        const clientId = form.get('client_id') ?? '';
        const scope = form.get('scope') ?? '';
        const ok =
          form.get('grant_type') === 'client_credentials' && clientId === appId && form.get('client_secret') === appSecret && scope === BF_SCOPE;
        state.tokenRequests.push({ clientId, scope, ok });
        if (!ok) {
          sendJson(res, 401, { error: 'invalid_client', error_description: 'client id, secret or scope not accepted' });
          return;
        }
        const token = `fake-bf-${randomBytes(12).toString('hex')}`;
        issuedTokens.add(token);
        sendJson(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: token });
        return;
      }
      if (req.method === 'GET' && path === '/msi/token') {
        const clientId = url.searchParams.get('client_id');
        const resource = url.searchParams.get('resource');
        const ok = req.headers['x-identity-header'] === identityHeader && clientId === appId && resource === BF_ISSUER;
        state.managedIdentityRequests.push({ clientId, resource, ok });
        if (!ok) {
          sendJson(res, 400, { statusCode: 400, message: 'identity header, client_id or resource not accepted' });
          return;
        }
        const token = `fake-msi-${randomBytes(12).toString('hex')}`;
        issuedTokens.add(token);
        sendJson(res, 200, {
          access_token: token,
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource,
          token_type: 'Bearer',
          client_id: clientId,
        });
        return;
      }
      const connector = /^\/connector\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (req.method === 'POST' && connector) {
        const authorization = req.headers.authorization;
        const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
        const authorized = token ? issuedTokens.has(token) : opts.acceptAnonymous === true;
        const body = await readBody(req);
        if (!authorized) {
          state.rejectedConnectorCalls++;
          sendJson(res, 401, { error: { code: 'Unauthorized', message: 'token not issued by this fake' } });
          return;
        }
        let activity: Record<string, any>;
        try {
          activity = JSON.parse(body);
        } catch {
          sendJson(res, 400, { error: { code: 'BadArgument', message: 'body is not JSON' } });
          return;
        }
        const conversationId = decodeURIComponent(connector[1]!);
        const replyToId = connector[2] ? decodeURIComponent(connector[2]) : undefined;
        state.activities.push({ kind: replyToId ? 'reply' : 'send', conversationId, replyToId, authorization, activity, at: Date.now() });
        for (const wake of [...waiters]) wake();
        sendJson(res, 200, { id: `bot-activity-${++nextActivity}` });
        return;
      }
      sendJson(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
    } catch (err) {
      sendJson(res, 500, { error: { code: 'FakeError', message: (err as Error).message } });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceUrl = `${base}/connector/`;

  async function mintToken(t: TokenOptions = {}): Promise<string> {
    const key = keys[t.key ?? 'valid'];
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { ...(t.serviceUrl === null ? {} : { serviceurl: t.serviceUrl ?? serviceUrl }), ...t.claims };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(t.issuer ?? BF_ISSUER)
      .setAudience(t.audience ?? appId)
      .setIssuedAt(now - 120)
      .setNotBefore(now - 120)
      .setExpirationTime(now + (t.expiresIn ?? 3600))
      .sign(key.privateKey);
  }

  function address(o: MessageOptions) {
    const type = o.conversationType ?? 'personal';
    const tenantId = o.tenantId ?? 'tenant-contoso';
    const conversationId =
      o.conversationId ?? (type === 'personal' ? `a:personal-${createHash('sha1').update(JSON.stringify(o.user ?? 'u')).digest('hex').slice(0, 12)}` : `19:team-channel@thread.tacv2;messageid=1700000000000`);
    return {
      channelId: o.channelId ?? 'msteams',
      serviceUrl: o.serviceUrl ?? serviceUrl,
      from: o.user ?? { id: '29:shopper-1', name: 'Robin Shopper', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
      recipient: { ...bot },
      conversation: {
        id: conversationId,
        conversationType: type,
        tenantId,
        ...(type === 'personal' ? {} : { isGroup: true }),
      },
      channelData: { tenant: { id: tenantId } },
    };
  }

  const fake: FakeBotFramework = {
    url: base,
    serviceUrl,
    openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    tokenEndpoint: `${base}/botframework.com/oauth2/v2.0/token`,
    appId,
    appSecret,
    bot,
    get activities() {
      return state.activities;
    },
    get tokenRequests() {
      return state.tokenRequests;
    },
    managedIdentityEndpoint: `${base}/msi/token`,
    identityHeader,
    get managedIdentityRequests() {
      return state.managedIdentityRequests;
    },
    get rejectedConnectorCalls() {
      return state.rejectedConnectorCalls;
    },
    get keyFetches() {
      return state.keyFetches;
    },
    mintToken,
    message(o = {}) {
      return {
        type: o.type ?? 'message',
        id: o.id ?? `activity-${randomUUID()}`,
        timestamp: new Date().toISOString(),
        locale: 'en-US',
        text: o.text ?? 'hello',
        textFormat: 'plain',
        ...address(o),
        ...(o.entities ? { entities: o.entities } : {}),
        ...o.extra,
      };
    },
    conversationUpdate(o = {}) {
      return {
        type: 'conversationUpdate',
        id: o.id ?? `update-${randomUUID()}`,
        timestamp: new Date().toISOString(),
        ...address(o),
        membersAdded: o.members ?? [{ ...bot }],
        ...o.extra,
      };
    },
    async post(url, activity, o = {}) {
      const authorization = o.authorization === undefined ? `Bearer ${await mintToken(o.token)}` : o.authorization;
      const headers: Record<string, string> = { 'Content-Type': o.contentType ?? 'application/json' };
      if (authorization !== null) headers.Authorization = authorization;
      const res = await fetch(url, { method: 'POST', headers, body: o.rawBody ?? JSON.stringify(activity) });
      const text = await res.text();
      let body: any = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body, headers: res.headers };
    },
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = state.activities.find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Bot Framework: no matching activity within ${timeoutMs} ms (got ${state.activities.length}: ${state.activities.map((a) => a.activity.type).join(', ')})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    messagesTo(conversationId) {
      return state.activities.filter((a) => a.activity.type === 'message' && (conversationId === undefined || a.conversationId === conversationId));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
