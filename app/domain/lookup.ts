/**
 * A value looked up by a key that came from a user (a query string, a form field's name). An
 * object literal also answers keys it only inherits ("__proto__", "constructor", "toString"), so
 * every such lookup goes through here and finds only the table's own entries.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}
