import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildSchema, execute, Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { ADMIN_SCHEMA_SDL } from './shopify/admin-schema.js';
import { queryCost } from './shopify/query-cost.js';
import { createRootValue } from './shopify/resolvers.js';
import { seedShop, type ShopData } from './shopify/shop-data.js';

export const FAKE_SHOPIFY_DOMAIN = 'contract-outfitters.myshopify.com';
export const FAKE_SHOPIFY_TOKEN = 'shpat_fake_contract_token';
export const FAKE_SHOPIFY_VERSION = '2026-10';
/** A Dev Dashboard app's credentials the fake accepts at /admin/oauth/access_token. */
export const FAKE_CLIENT = { id: 'fake-client-id', secret: 'fake-client-secret' };

/** One request the fake answered, for assertions. */
export interface RecordedRequest {
  operationName: string | null;
  variables: Record<string, unknown>;
  cost: number;
  outcome: 'ok' | 'throttled' | 'failed' | 'hung' | 'unauthorized' | 'invalid';
}

/** How the fake misbehaves until cleared: down (refuses connections), hanging, an HTTP status, THROTTLED, or reset sockets. */
export type FakeFault = { kind: 'hang' } | { kind: 'status'; status: number } | { kind: 'throttle' } | { kind: 'reset' };

export interface FakeShopify {
  /** Base URL for SHOPIFY_API_URL (the SDK's https://domain is rewritten onto it). */
  url: string;
  domain: string;
  token: string;
  data: ShopData;
  requests: RecordedRequest[];
  /** Set the cost bucket (Shopify's leaky bucket): size, restore rate per second, and points available now. */
  setBucket(b: { max?: number; restoreRate?: number; available?: number }): void;
  bucket(): { max: number; restoreRate: number; available: number };
  /** Misbehave for the next `times` requests (default: until clear()). */
  fault(f: FakeFault, times?: number): void;
  clear(): void;
  /** Stop listening (connections refused) and start again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** Access tokens issued by the client credentials grant so far. */
  issuedTokens: string[];
  /** Revoke every issued token (as an expiry would): API calls with one answer 401. */
  revokeTokens(): void;
  /** Resolves when `n` requests in total have arrived. */
  waitForRequests(n: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A fake Shopify Admin GraphQL API on 127.0.0.1: POST /admin/api/2026-10/graphql.json with the
 * X-Shopify-Access-Token header, as the real @shopify/admin-api-client sends it. Queries are
 * validated against the documented schema subset and executed against a shop seeded from the
 * contract data set; costs are calculated and charged to a leaky bucket, and a query the bucket
 * cannot pay gets Shopify's THROTTLED answer (HTTP 200, errors[].extensions.code, actual cost
 * null). Tests switch faults on to see how the client copes.
 */
export async function startFakeShopify(opts: { extraProducts?: number; bucket?: { max?: number; restoreRate?: number } } = {}): Promise<FakeShopify> {
  const schema = buildSchema(ADMIN_SCHEMA_SDL);
  const data = seedShop({ extraProducts: opts.extraProducts });
  const root = createRootValue(data, Date.now);
  const requests: RecordedRequest[] = [];
  let bucket = { max: opts.bucket?.max ?? 1000, restoreRate: opts.bucket?.restoreRate ?? 1000, available: opts.bucket?.max ?? 1000, at: Date.now() };
  let fault: { f: FakeFault; left: number } | null = null;
  const hung = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const issuedTokens: string[] = [];
  const validTokens = new Set([FAKE_SHOPIFY_TOKEN]);

  const refill = () => {
    const t = Date.now();
    bucket.available = Math.min(bucket.max, bucket.available + ((t - bucket.at) / 1000) * bucket.restoreRate);
    bucket.at = t;
  };
  const throttleStatus = () => ({ maximumAvailable: bucket.max, currentlyAvailable: Math.floor(bucket.available), restoreRate: bucket.restoreRate });
  const record = (r: RecordedRequest) => {
    requests.push(r);
    for (const w of [...waiters]) if (requests.length >= w.n) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
  };
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'POST' && req.url === '/admin/oauth/access_token') {
      // The client credentials grant: form-encoded grant_type, client_id, client_secret.
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== FAKE_CLIENT.id || form.get('client_secret') !== FAKE_CLIENT.secret) {
        return send(res, 400, { error: 'invalid_client', error_description: 'Client authentication failed' });
      }
      const token = `shpat_cc_${issuedTokens.length + 1}`;
      issuedTokens.push(token);
      validTokens.add(token);
      return send(res, 200, { access_token: token, scope: 'read_orders,read_returns,write_returns,write_orders,read_products,read_inventory', expires_in: 86399 });
    }
    if (req.method !== 'POST' || req.url !== `/admin/api/${FAKE_SHOPIFY_VERSION}/graphql.json`) return send(res, 404, { errors: 'Not Found' });
    if (!validTokens.has(String(req.headers['x-shopify-access-token']))) {
      record({ operationName: null, variables: {}, cost: 0, outcome: 'unauthorized' });
      return send(res, 401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    let body: { query?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { errors: 'Bad Request' });
    }
    let doc: DocumentNode;
    try {
      doc = parse(body.query ?? '');
    } catch (err) {
      record({ operationName: null, variables: body.variables ?? {}, cost: 0, outcome: 'invalid' });
      return send(res, 200, { errors: [{ message: (err as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }] });
    }
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
    const variables = body.variables ?? {};
    const name = op?.name?.value ?? null;
    const invalid = validate(schema, doc);
    if (!op || invalid.length) {
      record({ operationName: name, variables, cost: 0, outcome: 'invalid' });
      return send(res, 200, { errors: invalid.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) });
    }
    const cost = queryCost(schema, op, fragments, variables);

    if (fault) {
      const { f } = fault;
      if (--fault.left <= 0) fault = null;
      if (f.kind === 'hang') {
        record({ operationName: name, variables, cost, outcome: 'hung' });
        hung.add(res);
        return;
      }
      if (f.kind === 'reset') {
        record({ operationName: name, variables, cost, outcome: 'failed' });
        req.socket.destroy();
        return;
      }
      if (f.kind === 'status') {
        record({ operationName: name, variables, cost, outcome: 'failed' });
        return send(res, f.status, { errors: 'Internal Server Error' });
      }
      refill();
      record({ operationName: name, variables, cost, outcome: 'throttled' });
      return send(res, 200, throttled(cost, { ...throttleStatus(), currentlyAvailable: 0 }));
    }

    refill();
    if (cost > bucket.max) {
      record({ operationName: name, variables, cost, outcome: 'invalid' });
      return send(res, 200, { errors: [{ message: `Query cost is ${cost}, which exceeds the single query max cost limit (${bucket.max}).`, extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: bucket.max } }] });
    }
    if (cost > bucket.available) {
      record({ operationName: name, variables, cost, outcome: 'throttled' });
      return send(res, 200, throttled(cost, throttleStatus()));
    }
    bucket.available -= cost;
    const result = await execute({ schema, document: doc, rootValue: root, variableValues: variables });
    record({ operationName: name, variables, cost, outcome: result.errors ? 'invalid' : 'ok' });
    send(res, 200, {
      ...(result.data ? { data: result.data } : {}),
      ...(result.errors ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path })) } : {}),
      extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: throttleStatus() } },
    });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { errors: String(err) }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const release = () => {
    for (const res of hung) res.destroy();
    hung.clear();
  };
  const closeAll = async () => {
    release();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  };

  return {
    url: `http://127.0.0.1:${port}`,
    domain: FAKE_SHOPIFY_DOMAIN,
    token: FAKE_SHOPIFY_TOKEN,
    data,
    requests,
    setBucket(b) {
      refill();
      bucket = { ...bucket, ...b, at: Date.now() };
    },
    bucket() {
      refill();
      return { max: bucket.max, restoreRate: bucket.restoreRate, available: bucket.available };
    },
    fault(f, times = Number.POSITIVE_INFINITY) {
      fault = { f, left: times };
    },
    clear() {
      fault = null;
      release();
    },
    down: closeAll,
    up: () => new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    }),
    issuedTokens,
    revokeTokens() {
      for (const t of issuedTokens) validTokens.delete(t);
    },
    waitForRequests(n) {
      if (requests.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    stop: closeAll,
  };
}

/** Shopify's THROTTLED answer: HTTP 200, no data, the cost with a null actual cost. */
function throttled(requested: number, status: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }) {
  return {
    errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status } },
  };
}
