/**
 * One formatter for every JSON Schema error neuroboard shows: API bodies (fastify's ajv), rigs and
 * scenarios (TypeBox). Raw errors say "must be equal to constant" three times and "must match a
 * schema in anyOf", or "schema is false"; a person wants, once, on the field that is wrong, what is
 * allowed: "training.method must be one of "trial-and-error", "backprop", "perceptron", not "sgd"",
 * "channel must be from 0 to 15, not 16", "unknown field cascade.stepDelay; did you mean stepDelayMs?".
 *
 * Pure: it reads the errors, and (when given) the schema to list the allowed values and known fields
 * and the data to quote what was sent. Both validators' error shapes are accepted (ajv names an
 * unknown property `additionalProperty`, TypeBox `additionalProperties`, and so on).
 */

/** The part of an ajv or TypeBox validation error this reads. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params?: Record<string, unknown> | undefined;
  message?: string | undefined;
}

export interface FieldProblem {
  /** The field, dotted: `cascade.stepDelay`, `values[2]` (empty for the value itself). */
  path: string;
  /** What is wrong with it, to follow the path ("must be one of …"). */
  message: string;
  /** For an unknown field: the nearest known one, if any is near. */
  suggestion?: string;
  unknown?: boolean;
}

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `/click/board` → `click.board`; `/values/2` → `values[2]`; `''` → `''`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

const joinPath = (path: string, name: string): string => (path === '' ? name : `${path}.${name}`);

/** The one-line sentence for a problem: "unknown field a.b; did you mean c?", "a.b must be …". */
export function problemSentence(p: FieldProblem, whole = 'the value'): string {
  if (p.unknown) return `unknown field ${p.path}${p.suggestion ? `; did you mean ${p.suggestion}?` : ''}`;
  return `${p.path || whole} ${p.message}`;
}

/** Edit distance (insert, delete, substitute), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[t.length]!;
}

/** The candidate nearest to `name`, when it is near enough to be a typo (or a prefix: stepDelay → stepDelayMs). */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const lower = c.toLowerCase();
    const n = name.toLowerCase();
    const score = lower.startsWith(n) || n.startsWith(lower) ? Math.min(1, distance(name, c)) : distance(name, c);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  const allowed = Math.max(2, Math.floor(name.length / 3));
  return best !== undefined && bestScore <= allowed ? best : undefined;
}

/** Every subschema that may apply at `pointer` (a union contributes each branch). */
export function schemasAt(schema: unknown, pointer: string): Schema[] {
  let current: Schema[] = isObject(schema) ? expand(schema) : [];
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const next: Schema[] = [];
    for (const s of current) {
      const props = s['properties'];
      if (isObject(props) && isObject(props[part])) next.push(...expand(props[part]));
      else if (/^\d+$/.test(part) && isObject(s['items'])) next.push(...expand(s['items']));
      else if (isObject(s['additionalProperties'])) next.push(...expand(s['additionalProperties']));
    }
    current = next;
  }
  return current;
}

function expand(s: Schema): Schema[] {
  const branches = s['anyOf'] ?? s['oneOf'];
  return Array.isArray(branches) ? branches.filter(isObject).flatMap(expand) : [s];
}

/** The value at `pointer` in `data`, or undefined. */
function valueAt(data: unknown, pointer: string): unknown {
  let v: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[raw.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return v;
}

const quote = (v: unknown): string => {
  const text = typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

/** "a whole number from 0 to 15", "a number above 0", ""fired"", "an object". */
function describeAllowed(s: Schema): string {
  // A schema may say in words what it allows (a rig's text: "the words, 1 to 80 characters").
  if (typeof s['title'] === 'string') return s['title'];
  if ('const' in s) return JSON.stringify(s['const']);
  if (Array.isArray(s['enum'])) return s['enum'].map((v) => JSON.stringify(v)).join(', ');
  const type = typeof s['type'] === 'string' ? s['type'] : 'value';
  if (type === 'object' && isObject(s['properties'])) return `an object { ${Object.keys(s['properties']).join(', ')} }`;
  return `${TYPE_WORDS[type] ?? type}${rangeOf(s)}`;
}

function rangeOf(s: Schema): string {
  const num = (k: string): number | undefined => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  const [min, max, xmin, xmax] = [num('minimum'), num('maximum'), num('exclusiveMinimum'), num('exclusiveMaximum')];
  const low = min !== undefined ? `${min}` : xmin !== undefined ? `above ${xmin}` : undefined;
  const high = max !== undefined ? `${max}` : xmax !== undefined ? `below ${xmax}` : undefined;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (low !== undefined && high !== undefined) return ` ${min !== undefined ? `of at least ${min}` : low} and ${max !== undefined ? `at most ${max}` : high}`;
  if (low !== undefined) return min !== undefined ? ` of at least ${min}` : ` ${low}`;
  if (high !== undefined) return max !== undefined ? ` of at most ${max}` : ` ${high}`;
  const minLen = num('minLength');
  const maxLen = num('maxLength');
  if (maxLen !== undefined) return ` of ${minLen ?? 0} to ${maxLen} characters`;
  if (minLen !== undefined) return ` of at least ${minLen} characters`;
  if (typeof s['pattern'] === 'string') return ` matching ${s['pattern']}`;
  return '';
}

/**
 * Turns validation errors into one problem per wrong field, saying what is allowed. `schema` (the
 * root the errors are relative to) gives the allowed values, ranges and known fields; `data` the
 * value sent, to quote it. Without them the messages are plainer but still name the field.
 */
export function describeSchemaErrors(errors: readonly SchemaError[], schema?: unknown, data?: unknown): FieldProblem[] {
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (p: FieldProblem): void => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(p);
  };
  const got = (pointer: string): string => {
    if (data === undefined) return '';
    const v = valueAt(data, pointer);
    return v === undefined ? '' : `, not ${quote(v)}`;
  };
  /** "must be one of …" for the value at pointer, from the schema when there is one, else from the errors. */
  const mustBe = (pointer: string, fallback: string[]): string => {
    const here = schemasAt(schema, pointer);
    const options = here.length > 0 ? here.map(describeAllowed) : fallback;
    const unique = [...new Set(options)];
    const value = data === undefined ? undefined : valueAt(data, pointer);
    const literals = here.filter((s) => 'const' in s && typeof s['const'] === 'string').map((s) => s['const'] as string);
    const near = typeof value === 'string' ? nearest(value, literals) : undefined;
    const head = unique.length === 1 ? `must be ${unique[0]}` : `must be one of ${unique.join(', ')}`;
    return `${head}${got(pointer)}${near !== undefined && near !== value ? `; did you mean ${JSON.stringify(near)}?` : ''}`;
  };

  for (const e of errors) {
    const params = e.params ?? {};
    const path = pointerToPath(e.instancePath);
    if (e.keyword === 'boolean' || e.keyword === 'false schema') continue; // "schema is false": additionalProperties says it better
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      // A value that took one branch (an object whose field is wrong) is told by that field's error.
      if (errors.some((o) => o.instancePath.startsWith(`${e.instancePath}/`))) continue;
      const fallback = errors
        .filter((o) => o.instancePath === e.instancePath && o !== e && o.keyword !== 'anyOf' && o.keyword !== 'oneOf')
        .map((o) => (o.keyword === 'const' ? JSON.stringify(o.params?.['allowedValue']) : o.keyword === 'type' ? (TYPE_WORDS[String(o.params?.['type'])] ?? String(o.params?.['type'])) : null))
        .filter((o): o is string => o !== null);
      add({ path, message: mustBe(e.instancePath, fallback) });
      continue;
    }
    // A branch of a union that did not match is reported once, by the union.
    if (unions.has(e.instancePath) && (e.keyword === 'const' || e.keyword === 'type' || e.keyword === 'enum')) continue;
    if (e.keyword === 'additionalProperties') {
      const names = Array.isArray(params['additionalProperties'])
        ? (params['additionalProperties'] as string[])
        : typeof params['additionalProperty'] === 'string'
          ? [params['additionalProperty']]
          : [];
      const here = schemasAt(schema, e.instancePath);
      const known = here.flatMap((s) => (isObject(s['properties']) ? Object.keys(s['properties']) : []));
      // An object keyed by a pattern (a text per language) has no names to suggest: say the rule.
      const keyed = here.find((s) => isObject(s['patternProperties']));
      if (keyed && known.length === 0) {
        const rule = Object.keys(keyed['patternProperties'] as Schema).join(' or ');
        for (const name of names) add({ path: joinPath(path, name), message: `is not allowed: a name here must match ${rule}${typeof keyed['title'] === 'string' ? `, as in ${keyed['title']}` : ''}` });
        continue;
      }
      for (const name of names) {
        const suggestion = nearest(name, known);
        add({
          path: joinPath(path, name),
          unknown: true,
          ...(suggestion ? { suggestion } : {}),
          message: `is not a known field${suggestion ? `; did you mean ${suggestion}?` : known.length > 0 ? ` (known: ${[...new Set(known)].join(', ')})` : ''}`,
        });
      }
      continue;
    }
    if (e.keyword === 'required') {
      const names = Array.isArray(params['requiredProperties'])
        ? (params['requiredProperties'] as string[])
        : typeof params['missingProperty'] === 'string'
          ? [params['missingProperty']]
          : [];
      for (const name of names) {
        const s = schemasAt(schema, `${e.instancePath}/${name}`)[0];
        add({ path: joinPath(path, name), message: `is missing (required${s ? `: ${describeAllowed(s)}` : ''})` });
      }
      continue;
    }
    if (['const', 'enum', 'type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'multipleOf'].includes(e.keyword)) {
      const fallback = e.keyword === 'const' ? [JSON.stringify(params['allowedValue'])] : e.keyword === 'type' ? [TYPE_WORDS[String(params['type'])] ?? String(params['type'])] : [];
      add({ path, message: fallback.length > 0 || schemasAt(schema, e.instancePath).length > 0 ? mustBe(e.instancePath, fallback) : `${e.message ?? 'is not valid'}${got(e.instancePath)}` });
      continue;
    }
    if (e.keyword === 'minItems' || e.keyword === 'maxItems') {
      const limit = Number(params['limit']);
      const n = Number.isFinite(limit) ? `${limit} item${limit === 1 ? '' : 's'}` : 'a different number of items';
      add({ path, message: `must hold ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${n}` });
      continue;
    }
    add({ path, message: e.message ?? 'is not valid' });
  }
  return problems;
}
