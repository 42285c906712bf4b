import { z } from 'zod';
import {
  BRIDGE_ROUTES,
  bridgeOrderSchema,
  cancelRequest,
  cancelResponse,
  catalogResponse,
  errorResponse,
  findOrderRequest,
  findOrderResponse,
  listOrdersRequest,
  listOrdersResponse,
  ownerSchema,
  returnRequest,
  returnResponse,
} from './bridge-schemas.js';

/** Every named schema once, the others pointing at it with $ref (Order is used by three answers). */
function componentSchemas(named: Record<string, z.ZodType>): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, s] of Object.entries(named)) registry.add(s, { id });
  const out = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  const schemas = out.schemas as Record<string, Record<string, unknown>>;
  // Each component's own $id/$schema would restate what OpenAPI's components already say.
  return Object.fromEntries(Object.entries(schemas).map(([id, value]) => { const { $id: _id, $schema: _schema, ...rest } = value; return [id, rest]; }));
}
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = (codes: Record<string, string>) =>
  Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, ...json('Error') }]));

const COMMON_ERRORS = {
  '400': 'invalid_request: the body does not match the schema.',
  '401': 'unauthorized: missing or wrong bearer token.',
  '429': 'throttled: too many calls; send Retry-After (seconds).',
  '500': 'internal: the bridge failed.',
  '503': 'unavailable: the platform behind the bridge is down.',
};

/**
 * The OpenAPI 3.1 description of the commerce bridge, built from bridge-schemas.ts (zod's JSON
 * Schema output is draft 2020-12, which OpenAPI 3.1 uses). `npm run bridge:openapi` writes it to
 * docs/commerce-bridge.openapi.yaml; a test fails when the file is stale.
 */
export function bridgeOpenApi(): Record<string, unknown> {
  const op = (summary: string, description: string, request: string | null, response: string, extra: Record<string, string> = {}, status = '200') => ({
    summary,
    description,
    ...(request ? { requestBody: { required: true, ...json(request) } } : {}),
    responses: { [status]: { description: 'OK', ...json(response) }, ...errors({ ...COMMON_ERRORS, ...extra }) },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard commerce bridge',
      version: '1.0.0',
      description:
        'What Switchboard calls with COMMERCE=http to read orders and act on them in any store platform (Magento, WooCommerce, BigCommerce, an in-house system). ' +
        'Every call carries `Authorization: Bearer <COMMERCE_HTTP_TOKEN>`. Every order call carries the verified owner; a bridge answers only that owner’s orders and answers ' +
        'another customer’s order exactly like a missing one (Switchboard checks ownership again). Switchboard bounds each call by COMMERCE_TIMEOUT_MS, retries reads, never retries writes, ' +
        'and opens a circuit breaker after repeated failures. Generated from src/commerce/http/bridge-schemas.ts; the reference bridge is examples/commerce-bridge/.',
    },
    servers: [{ url: 'https://bridge.example.com', description: 'COMMERCE_HTTP_URL' }],
    security: [{ bearer: [] }],
    paths: {
      [BRIDGE_ROUTES.findOrder]: {
        post: op('Find one order of the owner', 'By the number the customer typed. `order: null` when it does not exist or is not this owner’s.', 'FindOrderRequest', 'FindOrderResponse'),
      },
      [BRIDGE_ROUTES.listOrders]: {
        post: op('List the owner’s orders', 'Newest first, at most `limit`.', 'ListOrdersRequest', 'ListOrdersResponse'),
      },
      [BRIDGE_ROUTES.requestReturn]: {
        post: op(
          'Request a return of one item',
          'Called after Switchboard’s rules found the item returnable and the customer confirmed. Answer 501 not_supported when the platform keeps no returns: Switchboard then records the return for the merchant itself.',
          'ReturnRequest',
          'ReturnResponse',
          { '404': 'order_not_found: no such order for this owner.', '409': 'not_returnable: the platform refuses this return.', '501': 'not_supported: the platform keeps no returns.' },
          '201',
        ),
      },
      [BRIDGE_ROUTES.cancelOrder]: {
        post: op('Cancel an order', 'Called for an order Switchboard found unshipped, after the customer confirmed. A refusal is a 200 with `result: refused`.', 'CancelRequest', 'CancelResponse', {
          '404': 'order_not_found: no such order for this owner.',
        }),
      },
      [BRIDGE_ROUTES.catalog]: {
        get: {
          ...op('One page of the catalog', 'Switchboard syncs the catalog at start and every CATALOG_SYNC_MINUTES. Answer 501 not_supported to keep the store folder’s catalog.', null, 'CatalogResponse', {
            '501': 'not_supported: the bridge has no catalog.',
          }),
          parameters: [
            { name: 'cursor', in: 'query', required: false, schema: { type: 'string', maxLength: 500 }, description: 'nextCursor of the previous page; absent for the first page.' },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
          ],
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: componentSchemas({
        Owner: ownerSchema,
        Order: bridgeOrderSchema,
        FindOrderRequest: findOrderRequest,
        FindOrderResponse: findOrderResponse,
        ListOrdersRequest: listOrdersRequest,
        ListOrdersResponse: listOrdersResponse,
        ReturnRequest: returnRequest,
        ReturnResponse: returnResponse,
        CancelRequest: cancelRequest,
        CancelResponse: cancelResponse,
        CatalogResponse: catalogResponse,
        Error: errorResponse,
      }),
    },
  };
}
