/**
 * Reading a plain object with a key that comes from text (a customer's word, a stored
 * field, a file) finds Object.prototype's members for "constructor", "toString" or
 * "__proto__": "Do you sell drills for a constructor?" answered 500 (issue 14). Lookup
 * tables keyed by text are Maps; records that arrive as objects (JSON, parsed files,
 * library results) are read through these helpers, which see own properties only.
 * test/tools/no-prototype-lookups.test.ts keeps every other computed read of a record out of src/.
 */

/** The record's own value for `key`, or undefined (never an inherited member). */
export function ownValue<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** True when `key` is the record's own property (the `in` operator also sees inherited ones). */
export function hasOwnKey(record: object | null | undefined, key: string): boolean {
  return !!record && Object.hasOwn(record, key);
}
