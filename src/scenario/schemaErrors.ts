/**
 * Scenario schema errors, through the formatter every schema error goes through (core/schemaErrors.ts):
 * here a path is relative to the part of the scenario being checked (`.click.board`, `[2]`), so
 * the loader can put "steps[0]" or "steps[0].expect" in front of it.
 */
import { describeSchemaErrors, type SchemaError } from '../core/schemaErrors.js';

export interface FieldProblem {
  /** Path inside the checked value, as `.a.b[2]` (empty for the value itself). */
  path: string;
  message: string;
}

export function describeErrors(errors: Iterable<SchemaError>, schema?: unknown, data?: unknown): FieldProblem[] {
  return describeSchemaErrors([...errors], schema, data).map((p) => {
    const name = p.path.split('.').at(-1) ?? p.path;
    return {
      path: p.path === '' || p.path.startsWith('[') ? p.path : `.${p.path}`,
      message: p.unknown ? `unknown field "${name}"${p.suggestion ? `; did you mean ${p.suggestion}?` : ''}` : p.message,
    };
  });
}
