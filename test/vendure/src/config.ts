import { manualFulfillmentHandler, mergeConfig, type VendureConfig } from '@vendure/core';
import { testConfig } from '@vendure/testing';
import { SequentialOrderCodeStrategy, testPaymentHandler, trackedShipmentHandler } from './plugins.js';

export const SUPERADMIN = { identifier: 'superadmin', password: 'superadmin-test-password' } as const;

/**
 * A Vendure server for tests: @vendure/testing's testConfig (sql.js in memory, no asset
 * storage, no logs unless LOG is set) on 127.0.0.1, with the three ways a connector can
 * authenticate (session cookie, bearer token, API key).
 */
export function serverConfig(opts: { port: number; firstOrderCode: number }): VendureConfig {
  return mergeConfig(testConfig, {
    apiOptions: { port: opts.port, hostname: '127.0.0.1' },
    authOptions: {
      tokenMethod: ['cookie', 'bearer', 'api-key'],
      requireVerification: false,
      superadminCredentials: SUPERADMIN,
      cookieOptions: { secret: 'switchboard-vendure-test' },
    },
    // A fresh in-memory database each run: synchronize builds the schema, nothing is written to disk.
    dbConnectionOptions: { type: 'sqljs', synchronize: true, autoSave: false, location: undefined, database: undefined, logging: false },
    paymentOptions: { paymentMethodHandlers: [testPaymentHandler] },
    shippingOptions: { fulfillmentHandlers: [manualFulfillmentHandler, trackedShipmentHandler] },
    orderOptions: { orderCodeStrategy: new SequentialOrderCodeStrategy(opts.firstOrderCode) },
    customFields: { Fulfillment: [{ name: 'trackingUrl', type: 'string', nullable: true }] },
  });
}
