/**
 * The part of Shopify's Admin GraphQL schema (2026-10) that Switchboard uses, written from
 * shopify.dev's reference: types, field names, nullability, arguments and enum values as
 * documented. The fake server validates every query against it, so a field Shopify does not
 * have fails the test here the way it would fail against a real shop.
 */
export const ADMIN_SCHEMA_SDL = /* GraphQL */ `
scalar DateTime
scalar Decimal
scalar Money
scalar URL

enum CurrencyCode { USD EUR GBP CAD AUD }
enum OrderSortKeys { CREATED_AT ID NUMBER PROCESSED_AT TOTAL_PRICE UPDATED_AT }
enum ProductSortKeys { CREATED_AT ID INVENTORY_TOTAL PRODUCT_TYPE TITLE UPDATED_AT VENDOR }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT REQUEST_DECLINED RESTOCKED SCHEDULED UNFULFILLED }
enum FulfillmentStatus { CANCELLED ERROR FAILURE SUCCESS OPEN PENDING }
enum FulfillmentDisplayStatus { ATTEMPTED_DELIVERY CANCELED CONFIRMED DELIVERED FAILURE FULFILLED IN_TRANSIT LABEL_PRINTED LABEL_PURCHASED LABEL_VOIDED MARKED_AS_FULFILLED NOT_DELIVERED OUT_FOR_DELIVERY PICKED_UP READY_FOR_PICKUP SUBMITTED }
enum ReturnReason { COLOR DEFECTIVE NOT_AS_DESCRIBED OTHER SIZE_TOO_LARGE SIZE_TOO_SMALL STYLE UNKNOWN UNWANTED WRONG_ITEM }
enum ReturnStatus { CANCELED CLOSED DECLINED OPEN REQUESTED }
enum ReturnErrorCode { BLANK INVALID INVALID_STATE NOT_FOUND TOO_LONG GREATER_THAN INTERNAL_ERROR }
enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }
enum OrderCancelUserErrorCode { INTERNAL_ERROR INVALID NO_REFUND_PERMISSION NOT_FOUND }

type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
type MoneyV2 { amount: Decimal! currencyCode: CurrencyCode! }
type MoneyBag { shopMoney: MoneyV2! presentmentMoney: MoneyV2! }

type Customer { id: ID! email: String displayName: String! firstName: String lastName: String }

type SelectedOption { name: String! value: String! }
type ProductVariant {
  id: ID!
  sku: String
  title: String!
  price: Money!
  inventoryQuantity: Int
  availableForSale: Boolean!
  selectedOptions: [SelectedOption!]!
  product: Product!
}
type ProductVariantEdge { cursor: String! node: ProductVariant! }
type ProductVariantConnection { edges: [ProductVariantEdge!]! nodes: [ProductVariant!]! pageInfo: PageInfo! }
type Product {
  id: ID!
  title: String!
  description(truncateAt: Int): String!
  productType: String!
  vendor: String!
  tags: [String!]!
  totalInventory: Int
  variants(first: Int, after: String, last: Int, before: String, reverse: Boolean): ProductVariantConnection!
}
type ProductEdge { cursor: String! node: Product! }
type ProductConnection { edges: [ProductEdge!]! nodes: [Product!]! pageInfo: PageInfo! }

type LineItem {
  id: ID!
  sku: String
  name: String!
  title: String!
  quantity: Int!
  originalUnitPriceSet: MoneyBag!
  product: Product
  variant: ProductVariant
}
type LineItemEdge { cursor: String! node: LineItem! }
type LineItemConnection { edges: [LineItemEdge!]! nodes: [LineItem!]! pageInfo: PageInfo! }

type FulfillmentTrackingInfo { company: String number: String url: URL }
type FulfillmentLineItem { id: ID! quantity: Int lineItem: LineItem! }
type FulfillmentLineItemEdge { cursor: String! node: FulfillmentLineItem! }
type FulfillmentLineItemConnection { edges: [FulfillmentLineItemEdge!]! nodes: [FulfillmentLineItem!]! pageInfo: PageInfo! }
type Fulfillment {
  id: ID!
  status: FulfillmentStatus!
  displayStatus: FulfillmentDisplayStatus
  createdAt: DateTime!
  inTransitAt: DateTime
  deliveredAt: DateTime
  estimatedDeliveryAt: DateTime
  trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
  fulfillmentLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean): FulfillmentLineItemConnection!
}

type Order {
  id: ID!
  name: String!
  email: String
  createdAt: DateTime!
  cancelledAt: DateTime
  closedAt: DateTime
  displayFinancialStatus: OrderDisplayFinancialStatus
  displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  customer: Customer
  currencyCode: CurrencyCode!
  totalPriceSet: MoneyBag!
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean): LineItemConnection!
  fulfillments(first: Int): [Fulfillment!]!
}
type OrderEdge { cursor: String! node: Order! }
type OrderConnection { edges: [OrderEdge!]! nodes: [Order!]! pageInfo: PageInfo! }

type ReturnableFulfillmentLineItem { fulfillmentLineItem: FulfillmentLineItem! quantity: Int! }
type ReturnableFulfillmentLineItemEdge { cursor: String! node: ReturnableFulfillmentLineItem! }
type ReturnableFulfillmentLineItemConnection { edges: [ReturnableFulfillmentLineItemEdge!]! nodes: [ReturnableFulfillmentLineItem!]! pageInfo: PageInfo! }
type ReturnableFulfillment { id: ID! fulfillment: Fulfillment! returnableFulfillmentLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean): ReturnableFulfillmentLineItemConnection! }
type ReturnableFulfillmentEdge { cursor: String! node: ReturnableFulfillment! }
type ReturnableFulfillmentConnection { edges: [ReturnableFulfillmentEdge!]! nodes: [ReturnableFulfillment!]! pageInfo: PageInfo! }

type Return { id: ID! name: String! status: ReturnStatus! order: Order! }
type ReturnUserError { field: [String!] message: String! code: ReturnErrorCode }
type ReturnRequestPayload { return: Return userErrors: [ReturnUserError!]! }

type Job { id: ID! done: Boolean! }
type UserError { field: [String!] message: String! }
type OrderCancelUserError { field: [String!] message: String! code: OrderCancelUserErrorCode }
type OrderCancelPayload { job: Job orderCancelUserErrors: [OrderCancelUserError!]! userErrors: [UserError!]! }

input ReturnRequestLineItemInput {
  fulfillmentLineItemId: ID!
  quantity: Int!
  returnReason: ReturnReason
  returnReasonDefinitionId: ID
  customerNote: String
}
input ReturnRequestInput { orderId: ID! returnLineItems: [ReturnRequestLineItemInput!]! }
input OrderCancelRefundMethodInput { originalPaymentMethodsRefund: Boolean }

type Query {
  orders(first: Int, after: String, last: Int, before: String, reverse: Boolean, sortKey: OrderSortKeys, query: String): OrderConnection!
  products(first: Int, after: String, last: Int, before: String, reverse: Boolean, sortKey: ProductSortKeys, query: String): ProductConnection!
  product(id: ID!): Product
  returnableFulfillments(orderId: ID!, first: Int, after: String, last: Int, before: String, reverse: Boolean): ReturnableFulfillmentConnection!
}

type Mutation {
  returnRequest(input: ReturnRequestInput!): ReturnRequestPayload
  orderCancel(orderId: ID!, reason: OrderCancelReason!, refundMethod: OrderCancelRefundMethodInput!, restock: Boolean!, notifyCustomer: Boolean, staffNote: String): OrderCancelPayload
}
`;
