/**
 * The Admin GraphQL documents the Shopify back-end sends (API version in shopify-client.ts).
 * Sizes keep every query well under Shopify's 1,000-point single-query limit: a connection costs
 * about 2 + first x (cost of one node).
 */

/** Lines and shipments per order read; larger orders are cut (a support chat needs no more). */
export const MAX_LINE_ITEMS = 20;
export const MAX_FULFILLMENTS = 3;
/** Orders per page: one order costs about 72 points, so five stay near 370. */
export const ORDERS_PER_PAGE = 5;

const ORDER_FIELDS = `
fragment OrderFields on Order {
  id
  name
  email
  createdAt
  cancelledAt
  displayFinancialStatus
  displayFulfillmentStatus
  customer { id email displayName }
  totalPriceSet { shopMoney { amount currencyCode } }
  lineItems(first: ${MAX_LINE_ITEMS}) {
    nodes {
      id
      sku
      name
      quantity
      originalUnitPriceSet { shopMoney { amount currencyCode } }
      product { productType }
    }
  }
  fulfillments(first: ${MAX_FULFILLMENTS}) {
    status
    displayStatus
    createdAt
    inTransitAt
    deliveredAt
    estimatedDeliveryAt
    trackingInfo(first: 1) { company number url }
  }
}`;

/** Orders matching a search (the customer's e-mail or id, and for one order its name), newest first. */
export const ORDERS_QUERY = `
query SwitchboardOrders($query: String!, $first: Int!, $after: String) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: true) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OrderFields }
  }
}
${ORDER_FIELDS}`;

/** What is still returnable per fulfillment line (delivered orders only). */
export const RETURNABLE_QUERY = `
query SwitchboardReturnable($orderId: ID!) {
  returnableFulfillments(orderId: $orderId, first: ${MAX_FULFILLMENTS}) {
    nodes {
      id
      returnableFulfillmentLineItems(first: ${MAX_LINE_ITEMS}) {
        nodes { quantity fulfillmentLineItem { id lineItem { id sku } } }
      }
    }
  }
}`;

/** A return the merchant approves or declines in Shopify (status REQUESTED). */
export const RETURN_REQUEST_MUTATION = `
mutation SwitchboardReturnRequest($input: ReturnRequestInput!) {
  returnRequest(input: $input) {
    return { id name status }
    userErrors { field message code }
  }
}`;

/** Cancels an order, refunding the original payment methods and restocking. */
export const ORDER_CANCEL_MUTATION = `
mutation SwitchboardOrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refundMethod: OrderCancelRefundMethodInput!, $restock: Boolean!, $notifyCustomer: Boolean, $staffNote: String) {
  orderCancel(orderId: $orderId, reason: $reason, refundMethod: $refundMethod, restock: $restock, notifyCustomer: $notifyCustomer, staffNote: $staffNote) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

/** Products and variants per catalog page: about 2 + 25 x (1 + 2 + 10 x 2) = 577 points. */
export const PRODUCTS_PER_PAGE = 25;
export const VARIANTS_PER_PRODUCT = 10;
export const VARIANTS_PER_PAGE = 100;

const VARIANT_FIELDS = 'sku title price inventoryQuantity availableForSale selectedOptions { name value }';

export const PRODUCTS_QUERY = `
query SwitchboardProducts($first: Int!, $after: String) {
  products(first: $first, after: $after, query: "status:active", sortKey: ID) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      title
      description
      productType
      vendor
      tags
      variants(first: ${VARIANTS_PER_PRODUCT}) {
        pageInfo { hasNextPage endCursor }
        nodes { ${VARIANT_FIELDS} }
      }
    }
  }
}`;

/** The rest of a product's variants when it has more than fit on a products page. */
export const PRODUCT_VARIANTS_QUERY = `
query SwitchboardProductVariants($id: ID!, $first: Int!, $after: String) {
  product(id: $id) {
    variants(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ${VARIANT_FIELDS} }
    }
  }
}`;
