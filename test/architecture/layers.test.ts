/**
 * DESIGN.md's layers, enforced: dependencies point down only (cli/server → runtime → core and the
 * boards/transports side), and src/core and src/protocol are pure: nothing but each other, no
 * packages, no Node APIs, no timers, no clock. So is src/pages, the core's share that esbuild bundles
 * for the browser pages. A wrong import fails here with the file and the line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

const SRC = join(PACKAGE_ROOT, 'src');

/** What each layer may import from src/ ("shared" is src/*.ts: paths and JSON file reading). */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  protocol: ['core', 'protocol'],
  pages: ['core', 'pages'],
  shared: ['core', 'shared'],
  transports: ['core', 'protocol', 'transports', 'types', 'shared'],
  sim: ['core', 'protocol', 'transports', 'sim', 'types', 'shared'],
  runtime: ['core', 'protocol', 'transports', 'sim', 'types', 'shared', 'runtime'],
  server: ['core', 'protocol', 'transports', 'sim', 'types', 'shared', 'runtime', 'server'],
  scenario: ['core', 'protocol', 'transports', 'sim', 'types', 'shared', 'runtime', 'scenario'],
  flash: ['core', 'transports', 'sim', 'types', 'shared', 'flash'],
  cli: ['core', 'protocol', 'transports', 'sim', 'types', 'shared', 'runtime', 'server', 'scenario', 'flash', 'cli'],
  types: ['types'],
};
const PURE = new Set(['core', 'protocol', 'pages']);
/** Node and host APIs a pure module must not touch (timers, the clock, the process, buffers, the file system). */
const IMPURE_API = /\b(setTimeout|setInterval|setImmediate|queueMicrotask|Date\.now|performance\.now|process\.|Buffer\b|require\(|globalThis\.)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

function layerOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? 'shared' : parts[0]!;
}

interface Import {
  line: number;
  specifier: string;
}

/** Static imports and re-exports, and dynamic import() of a string literal. */
function importsOf(text: string): Import[] {
  const found: Import[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'([^']+)'/g)) found.push({ line: i + 1, specifier: m[1]! });
  });
  return found;
}

/** Comments hold prose ("no setTimeout here"), not code. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

const files = sourceFiles(SRC);

describe('layers (DESIGN.md: dependencies point down only)', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(new Set(files.map(layerOf))).toEqual(new Set(Object.keys(ALLOWED)));
  });

  it('every import of another part of src/ goes to a layer below (or the same one)', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      for (const { line, specifier } of importsOf(readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = layerOf(resolve(dirname(file), specifier));
        if (!ALLOWED[layer]!.includes(target)) wrong.push(`${relative(PACKAGE_ROOT, file)}:${line} (${layer}) imports ${specifier} (${target})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('src/core, src/protocol and src/pages import no package and no Node module, and use no timer, clock or process', () => {
    const impure: string[] = [];
    for (const file of files.filter((f) => PURE.has(layerOf(f)))) {
      const text = readFileSync(file, 'utf8');
      for (const { line, specifier } of importsOf(text)) {
        if (!specifier.startsWith('.')) impure.push(`${relative(PACKAGE_ROOT, file)}:${line} imports ${specifier}`);
      }
      withoutComments(text).split('\n').forEach((code, i) => {
        if (IMPURE_API.test(code)) impure.push(`${relative(PACKAGE_ROOT, file)}:${i + 1} uses ${IMPURE_API.exec(code)![0]}`);
      });
    }
    expect(impure).toEqual([]);
  });

  it('the checks see a violation: a core file importing node:fs and calling setTimeout is caught', () => {
    const text = "import { readFileSync } from 'node:fs';\nexport const later = () => setTimeout(() => undefined, 1);\n";
    expect(importsOf(text)).toEqual([{ line: 1, specifier: 'node:fs' }]);
    expect(IMPURE_API.test(withoutComments(text))).toBe(true);
    expect(IMPURE_API.test(withoutComments('// no setTimeout here\n/* nor Date.now */'))).toBe(false);
  });
});
