/**
 * valibot's object, strictObject and record schemas accept a JS array (it is an object, and an
 * empty one has no unknown keys), so `[]` would pass as `{}` for a request whose fields are all
 * optional (`run:list`) or as an empty record (`parameterSets`). The fuzz of issue 11 found it;
 * `parseRequest` runs this walk first, so every channel — present and future — refuses an array
 * wherever its schema asks for an object, with the dot path of the item.
 */

/** The parts of a valibot schema this walk reads (valibot 1.x public shape). */
interface SchemaShape {
  type: string;
  entries?: Record<string, SchemaShape>;
  wrapped?: SchemaShape;
  item?: SchemaShape;
  value?: SchemaShape;
  options?: unknown[];
}

const OBJECT_TYPES = new Set(['object', 'strict_object', 'loose_object', 'object_with_rest', 'record']);

/** The dot path of the first array given where `schema` wants an object, or undefined if none. */
export function arrayWhereObjectBelongs(schema: SchemaShape, value: unknown, path = ''): string | undefined {
  let s = schema;
  while ((s.type === 'optional' || s.type === 'nullable' || s.type === 'nullish' || s.type === 'exact_optional') && s.wrapped) s = s.wrapped;
  if (value === null || typeof value !== 'object') return undefined;
  if (OBJECT_TYPES.has(s.type)) {
    if (Array.isArray(value)) return path;
    const rec = value as Record<string, unknown>;
    if (s.entries) {
      for (const [k, sub] of Object.entries(s.entries)) {
        const hit = Object.hasOwn(rec, k) ? arrayWhereObjectBelongs(sub, rec[k], path ? `${path}.${k}` : k) : undefined;
        if (hit !== undefined) return hit;
      }
    } else if (s.value) {
      for (const [k, el] of Object.entries(rec)) {
        const hit = arrayWhereObjectBelongs(s.value, el, path ? `${path}.${k}` : k);
        if (hit !== undefined) return hit;
      }
    }
    return undefined;
  }
  if (s.type === 'array' && s.item && Array.isArray(value)) {
    // Only the first few hundred rows: the schema's own pass reports the rest (large books stay fast).
    const n = Math.min(value.length, 500);
    for (let i = 0; i < n; i++) {
      const hit = arrayWhereObjectBelongs(s.item, value[i], path ? `${path}.${i}` : String(i));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
  if ((s.type === 'variant' || s.type === 'union') && s.options) {
    // A variant's options are objects: an array can match none of them.
    if (Array.isArray(value) && s.options.every((o) => typeof o === 'object' && o !== null && OBJECT_TYPES.has((o as SchemaShape).type))) return path;
  }
  return undefined;
}
