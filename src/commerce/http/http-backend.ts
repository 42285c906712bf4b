import { z } from 'zod';
import type { Order } from '../../core/commerce.js';
import { CommerceUnavailableError } from '../../core/errors.js';
import { normalizeEmail, ownsOrder, type OrderOwner } from '../../core/identity.js';
import type { CatalogSnapshot, OrderBackend } from '../../core/order-backend.js';
import { CommerceRuleError } from '../commerce-error.js';
import {
  BRIDGE_ROUTES,
  cancelResponse,
  catalogResponse,
  errorResponse,
  findOrderResponse,
  listOrdersResponse,
  returnResponse,
  type BridgeOrder,
} from './bridge-schemas.js';

export interface HttpBackendOptions {
  /** COMMERCE_HTTP_URL: the bridge's base URL (paths are appended). */
  baseUrl: string;
  /** COMMERCE_HTTP_TOKEN: sent as Authorization: Bearer. */
  token: string;
  /** Catalog page size asked for. */
  catalogPageSize?: number;
  /** Bound on catalog pages per sync. */
  maxCatalogPages?: number;
}

const KIND = 'http';
/** A bridge's answer is read up to this size; a larger one is refused, not buffered. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

const toOwner = (owner: OrderOwner) => ({ email: normalizeEmail(owner.email), ...(owner.customerId ? { customerId: owner.customerId } : {}) });
const toOrder = (o: BridgeOrder): Order => ({ ...o });

/** Thrown for a 501: the bridge does not offer this operation. */
class NotSupported extends Error {}

/**
 * Orders through an HTTP bridge speaking docs/commerce-bridge.openapi.yaml, for every platform
 * without a back-end of its own. Every answer is validated with the contract's zod schemas; the
 * bridge's errors become the back-end error kinds (429 throttled, 5xx server, 401/403/4xx
 * client, a body that fails validation invalid_response), and its order_not_found and
 * not_returnable refusals become rule refusals the customer is told about.
 */
export function createHttpBackend(opts: HttpBackendOptions): OrderBackend {
  let base = opts.baseUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);

  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
        redirect: 'error',
      });
    } catch (err) {
      if (signal?.aborted) throw new CommerceUnavailableError(KIND, 'timeout', `${path}: aborted`, { cause: err });
      throw new CommerceUnavailableError(KIND, 'network', `${path}: ${(err as Error).message}`, { cause: err });
    }
    const text = await readCapped(res, signal, path);
    let payload: unknown = undefined;
    try {
      payload = text ? JSON.parse(text) : undefined;
    } catch {
      payload = undefined;
    }
    if (res.ok) {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) throw new CommerceUnavailableError(KIND, 'invalid_response', `${path}: answer does not match the bridge contract: ${z.prettifyError(parsed.error).slice(0, 500)}`);
      return parsed.data;
    }
    const error = errorResponse.safeParse(payload);
    const code = error.success ? error.data.error.code : '';
    const message = error.success ? error.data.error.message.slice(0, 300) : `HTTP ${res.status}`;
    if (res.status === 501 || code === 'not_supported') throw new NotSupported(message);
    if (res.status === 404 && code === 'order_not_found') throw new CommerceRuleError('order_not_found', 'That order could not be found in the store’s system.');
    if (res.status === 409 && code === 'not_returnable') throw new CommerceRuleError('platform_refused', 'The store’s system did not accept this return; a member of our team can look at it.');
    if (res.status === 429) throw new CommerceUnavailableError(KIND, 'throttled', `${path}: ${message}`);
    if (res.status >= 500) throw new CommerceUnavailableError(KIND, 'server', `${path}: HTTP ${res.status}: ${message}`);
    throw new CommerceUnavailableError(KIND, 'client', `${path}: HTTP ${res.status}: ${message}`);
  }

  async function fetchCatalog(signal?: AbortSignal): Promise<CatalogSnapshot> {
    const snapshot: CatalogSnapshot = { products: [], categories: [] };
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < (opts.maxCatalogPages ?? 500); page++) {
      const query = new URLSearchParams({ limit: String(opts.catalogPageSize ?? 200), ...(cursor ? { cursor } : {}) });
      let data: z.output<typeof catalogResponse>;
      try {
        data = await call('GET', `${BRIDGE_ROUTES.catalog}?${query}`, undefined, catalogResponse, signal);
      } catch (err) {
        // No catalog on this bridge: an empty snapshot, which the sync never applies.
        if (err instanceof NotSupported) return { products: [], categories: [] };
        throw err;
      }
      snapshot.products.push(...data.products);
      for (const c of data.categories) if (!seen.has(c.id)) (seen.add(c.id), snapshot.categories.push(c));
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
    return snapshot;
  }

  return {
    kind: KIND,
    async findOrder(orderId, owner, callOpts = {}) {
      const data = await call('POST', BRIDGE_ROUTES.findOrder, { number: orderId.trim().slice(0, 64), owner: toOwner(owner) }, findOrderResponse, callOpts.signal);
      const order = data.order ? toOrder(data.order) : null;
      return order && ownsOrder(owner, order) ? order : null;
    },
    async listOrders(owner, { limit, signal }) {
      const data = await call('POST', BRIDGE_ROUTES.listOrders, { owner: toOwner(owner), limit: Math.min(Math.max(1, limit), 50) }, listOrdersResponse, signal);
      return data.orders.map(toOrder).filter((o) => ownsOrder(owner, o));
    },
    async requestReturn({ order, sku, quantity, reason, signal }) {
      try {
        const owner = toOwner({ email: order.customerEmail, ...(order.customerId ? { customerId: order.customerId } : {}) });
        const data = await call('POST', BRIDGE_ROUTES.requestReturn, { orderId: order.id, sku, quantity, reason: reason.slice(0, 500), owner }, returnResponse, signal);
        return { externalId: data.returnId };
      } catch (err) {
        if (err instanceof NotSupported) return null;
        throw err;
      }
    },
    async cancelOrder({ order, reason, signal }) {
      const owner = toOwner({ email: order.customerEmail, ...(order.customerId ? { customerId: order.customerId } : {}) });
      try {
        const data = await call('POST', BRIDGE_ROUTES.cancelOrder, { orderId: order.id, reason: reason.slice(0, 500), owner }, cancelResponse, signal);
        return data.result === 'cancelled' ? { ok: true } : { ok: false, refusal: data.refusal, ...(data.detail ? { detail: data.detail } : {}) };
      } catch (err) {
        if (err instanceof NotSupported) return { ok: false, refusal: 'not_cancellable', detail: 'the bridge does not cancel orders' };
        throw err;
      }
    },
    fetchCatalog,
  };
}

async function readCapped(res: Response, signal: AbortSignal | undefined, path: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await res.body?.cancel();
    throw new CommerceUnavailableError(KIND, 'invalid_response', `${path}: answer of ${declared} bytes is over ${MAX_BODY_BYTES}`);
  }
  try {
    const reader = res.body?.getReader();
    if (!reader) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw new CommerceUnavailableError(KIND, 'invalid_response', `${path}: answer over ${MAX_BODY_BYTES} bytes`);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (err) {
    if (err instanceof CommerceUnavailableError) throw err;
    if (signal?.aborted) throw new CommerceUnavailableError(KIND, 'timeout', `${path}: aborted while reading`, { cause: err });
    throw new CommerceUnavailableError(KIND, 'network', `${path}: ${(err as Error).message}`, { cause: err });
  }
}
