import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** Shopify charges a flat 10 points for a mutation. */
const MUTATION_COST = 10;

/**
 * Shopify's calculated query cost, as its rate-limit page describes it: scalars and enums 0, an
 * object 1, a connection 2 + `first` x the cost of one node (its selection), a list field with
 * `first` that many times its item. Close enough to the real figure to exercise a client's
 * cost accounting; exactness is not the point.
 */
export function queryCost(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>): number {
  if (op.operation === 'mutation') return MUTATION_COST;
  const argValue = (node: ValueNode | undefined): number => {
    if (!node) return 0;
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.VARIABLE) return Number(variables[node.name.value] ?? 0);
    return 0;
  };
  const cost = (set: SelectionSetNode, parent: GraphQLObjectType): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (frag) total += cost(frag.selectionSet, parent);
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        total += cost(sel.selectionSet, parent);
        continue;
      }
      const field = parent.getFields()[sel.name.value];
      if (!field || !sel.selectionSet) continue;
      const named = getNamedType(field.type);
      if (!isObjectType(named)) continue;
      const first = argValue(sel.arguments?.find((a) => a.name.value === 'first')?.value);
      const inner = cost(sel.selectionSet, named);
      if (named.name.endsWith('Connection')) {
        // nodes { … } or edges { node { … } }: one node's cost, times `first`.
        total += 2 + Math.max(first, 1) * Math.max(1, inner - 1);
      } else if (isListType(getNullableType(field.type))) {
        total += Math.max(first, 1) * (1 + inner);
      } else {
        total += 1 + inner;
      }
    }
    return total;
  };
  const root = schema.getQueryType();
  return root ? cost(op.selectionSet, root) : 0;
}
