/**
 * The Admin API operations the connector sends. Field names are Vendure 3's; the one name that
 * comes from configuration (the tracking-link custom field) is checked to be a plain GraphQL
 * name before it gets here (vendure-options.ts).
 */

/** Fulfilment transitions are read from the order's history for shipped and delivered dates. */
const HISTORY_TAKE = 100;

export function orderFields(trackingUrlField: string | undefined): string {
  const custom = trackingUrlField ? ` customFields { ${trackingUrlField} }` : '';
  return `
    id code state active orderPlacedAt createdAt currencyCode totalWithTax
    customer { id firstName lastName emailAddress }
    lines {
      id quantity orderPlacedQuantity unitPriceWithTax discountedUnitPriceWithTax proratedUnitPriceWithTax
      productVariant { id sku name }
    }
    fulfillments { id state method trackingCode createdAt updatedAt lines { orderLineId quantity }${custom} }
    payments { id state amount refunds { state total } }
    history(options: { take: ${HISTORY_TAKE}, sort: { createdAt: ASC }, filter: { type: { eq: "ORDER_FULFILLMENT_TRANSITION" } } }) {
      items { createdAt data }
    }`;
}

export const ordersByCode = (fields: string) => `
  query SwitchboardOrderByCode($codes: [String!]!) {
    orders(options: { take: 5, filter: { code: { in: $codes }, active: { eq: false } } }) { items { ${fields} } }
  }`;

export const ordersByCustomerEmail = (fields: string) => `
  query SwitchboardOrdersByEmail($email: String!, $take: Int!) {
    customers(options: { take: 5, filter: { emailAddress: { eq: $email } } }) {
      items {
        id
        orders(options: { take: $take, sort: { orderPlacedAt: DESC }, filter: { active: { eq: false } } }) { items { ${fields} } }
      }
    }
  }`;

export const ordersByCustomerId = (fields: string) => `
  query SwitchboardOrdersByCustomer($id: ID!, $take: Int!) {
    customer(id: $id) {
      id
      orders(options: { take: $take, sort: { orderPlacedAt: DESC }, filter: { active: { eq: false } } }) { items { ${fields} } }
    }
  }`;

export const orderById = (fields: string) => `
  query SwitchboardOrder($id: ID!) { order(id: $id) { ${fields} } }`;

const ERROR_RESULT = '... on ErrorResult { errorCode message }';

export const cancelOrder = `
  mutation SwitchboardCancel($input: CancelOrderInput!) {
    cancelOrder(input: $input) { __typename ... on Order { id state } ${ERROR_RESULT} }
  }`;

export const refundOrder = `
  mutation SwitchboardRefund($input: RefundOrderInput!) {
    refundOrder(input: $input) { __typename ... on Refund { id state total } ${ERROR_RESULT} }
  }`;

export const cancelPayment = `
  mutation SwitchboardVoid($id: ID!) {
    cancelPayment(id: $id) { __typename ... on Payment { id state } ${ERROR_RESULT} }
  }`;

export const addNoteToOrder = `
  mutation SwitchboardNote($input: AddNoteToOrderInput!) {
    addNoteToOrder(input: $input) {
      id
      history(options: { take: 1, sort: { createdAt: DESC }, filter: { type: { eq: "ORDER_NOTE" } } }) { items { id } }
    }
  }`;

export const moneyPrecision = `
  query SwitchboardMoneyPrecision { globalSettings { serverConfig { moneyStrategyPrecision } } }`;

export const productVariantsPage = `
  query SwitchboardVariants($skip: Int!, $take: Int!) {
    productVariants(options: { skip: $skip, take: $take, sort: { id: ASC } }) {
      totalItems
      items {
        id sku name enabled price priceWithTax currencyCode stockLevel
        facetValues { code name facet { code name } }
        product { id name description enabled facetValues { code name facet { code name } } }
      }
    }
  }`;
