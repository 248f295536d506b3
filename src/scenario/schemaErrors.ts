/**
 * Turns TypeBox's validation errors into one readable line per field. Raw errors for a union list
 * every branch that did not match ("must be integer", "must be object", "must be equal to constant"…);
 * a person wants "must be one of: integer, object, "fired"" once, on the field that is wrong.
 */
import type { TLocalizedValidationError } from 'typebox/error';

export interface FieldProblem {
  /** Path inside the checked value, as `.a.b[2]` (empty for the value itself). */
  path: string;
  message: string;
}

/** `/click/board` → `.click.board`; `/values/2` → `.values[2]`. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
}

export function describeErrors(errors: readonly TLocalizedValidationError[]): FieldProblem[] {
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string): void => {
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ path, message });
  };
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'boolean') continue; // "schema is false": the additionalProperties error says it better
    if (e.keyword === 'anyOf') {
      const options = errors
        .filter((o) => o.instancePath === e.instancePath && o !== e && o.keyword !== 'anyOf')
        .map((o) => {
          const p = o.params as Record<string, unknown>;
          if (o.keyword === 'const') return JSON.stringify(p['allowedValue']);
          if (o.keyword === 'type') return String(p['type']);
          return null;
        })
        .filter((o): o is string => o !== null);
      add(pointerToPath(e.instancePath), options.length > 0 ? `must be one of: ${[...new Set(options)].join(', ')}` : e.message);
      continue;
    }
    // A branch of a union that did not match is reported once, by the union above.
    if (unions.has(e.instancePath) && (e.keyword === 'const' || e.keyword === 'type')) continue;
    if (e.keyword === 'additionalProperties') {
      for (const name of (params['additionalProperties'] as string[] | undefined) ?? []) {
        add(`${pointerToPath(e.instancePath)}.${name}`, `unknown field "${name}"`);
      }
      continue;
    }
    if (e.keyword === 'required') {
      for (const name of (params['requiredProperties'] as string[] | undefined) ?? []) {
        add(`${pointerToPath(e.instancePath)}.${name}`, 'is missing (required)');
      }
      continue;
    }
    add(pointerToPath(e.instancePath), e.message);
  }
  return problems;
}
