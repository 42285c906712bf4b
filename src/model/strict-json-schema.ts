import type { JsonSchema } from '../core/model.js';

/**
 * Whether a schema fits OpenAI's strict structured-output subset: every object lists all
 * its properties as required and forbids additional ones. Strict mode guarantees the shape
 * but rejects (HTTP 400) any schema outside the subset, so it is only asked for when the
 * schema qualifies; otherwise the schema still guides the model and the caller validates.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (!schema || typeof schema !== 'object') return true;
  const s = schema as JsonSchema;
  const props = s.properties;
  if (props && typeof props === 'object') {
    const keys = Object.keys(props);
    const required = Array.isArray(s.required) ? (s.required as unknown[]) : [];
    if (s.additionalProperties !== false) return false;
    if (!keys.every((k) => required.includes(k))) return false;
  } else if (s.type === 'object' && s.additionalProperties !== false) {
    return false;
  }
  for (const [key, value] of Object.entries(s)) {
    if (key === 'required' || key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
    if (value && typeof value === 'object' && !isStrictCompatible(key === 'properties' || key === '$defs' || key === 'definitions' ? Object.values(value) : value)) {
      return false;
    }
  }
  return true;
}
