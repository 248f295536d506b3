/**
 * fast-check arbitraries built from a route's JSON Schema (the TypeBox schemas the server validates
 * with): values that are valid, and values that break the schema one way or several: wrong types,
 * missing and extra fields, huge and non-finite-looking numbers, deep nesting, long strings.
 */
import fc from 'fast-check';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
}

const HUGE = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, -0, 4294967296, 1e-320, 0.1 + 0.2);

/** Anything at all, including deep nesting and long strings. */
export const wild: fc.Arbitrary<unknown> = fc.oneof(
  { maxDepth: 3 },
  fc.constant(null),
  fc.boolean(),
  HUGE,
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 10, max: 3000 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
  fc.integer({ min: 10, max: 500 }).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  }),
  fc.array(fc.double(), { maxLength: 300 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'values', 'x'), fc.anything({ maxDepth: 2 }), { maxKeys: 4 }),
);

function valid(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(valid));
  if (schema.const !== undefined) return fc.constant(schema.const);
  switch (schema.type) {
    case 'integer':
      return fc.integer({ min: Math.ceil(schema.minimum ?? -1000), max: Math.floor(Math.min(schema.maximum ?? 1000, 2 ** 31 - 1)) });
    case 'number':
      return fc.double({ min: schema.exclusiveMinimum ?? schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'string':
      return fc.string({ maxLength: Math.min(schema.maxLength ?? 20, 20) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valid(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 10, 10) });
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, s]) => [k, valid(s)])), {
        requiredKeys: Object.keys(props).filter((k) => required.has(k)),
      });
    }
    default:
      return wild;
  }
}

/** Valid values and values broken at any depth. */
export function fromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const broken: Array<fc.Arbitrary<unknown>> = [wild];
  if (schema.type === 'object' && depth < 3) {
    const props = schema.properties ?? {};
    const keys = Object.keys(props);
    // Each field valid, broken, or missing; sometimes an extra field.
    const fields = fc.record(
      Object.fromEntries(keys.map((k) => [k, fc.oneof(valid(props[k]!), fromSchema(props[k]!, depth + 1))])),
      { requiredKeys: [] },
    );
    broken.push(
      fields,
      fc.tuple(fields, fc.string({ maxLength: 12 }), wild).map(([o, k, v]) => ({ ...(o as object), [k]: v })),
    );
  }
  if (schema.type === 'array' && depth < 3) {
    broken.push(
      fc.array(fromSchema(schema.items ?? {}, depth + 1), { maxLength: 12 }),
      fc.integer({ min: (schema.maxItems ?? 10) + 1, max: (schema.maxItems ?? 10) + 2000 }).map((n) => Array.from({ length: n }, () => 0)),
    );
  }
  if (schema.type === 'number' || schema.type === 'integer') broken.push(HUGE, fc.double(), fc.constant('1'), fc.constant(null));
  if (schema.type === 'string') broken.push(fc.integer({ min: (schema.maxLength ?? 100) + 1, max: 50_000 }).map((n) => 'é'.repeat(n)), fc.constant(42));
  return fc.oneof(valid(schema), ...broken);
}
