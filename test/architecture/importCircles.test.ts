/**
 * No import circle anywhere (issue 20): in src/ (type-only imports included: a circle of types is the
 * sign of a file split for size, STYLE.md) and in the pages under dashboard/, whose plain modules a
 * browser loads by relative path. A circle fails here, named file by file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The files `file` imports from this tree: static imports and re-exports (type-only too), and import() of a string. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+'([^']+)'|^\s*import\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/gm)) {
    const specifier = m[1] ?? m[2] ?? m[3]!;
    if (!specifier.startsWith('.')) continue;
    const target = resolve(dirname(file), specifier);
    // TypeScript names the .js a .ts file compiles to
    found.push(!existsSync(target) && existsSync(target.replace(/\.js$/, '.ts')) ? target.replace(/\.js$/, '.ts') : target);
  }
  return found;
}

/** Every circle found by a depth-first walk, as the files around it. */
function circles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next].map((f) => relative(PACKAGE_ROOT, f)));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('import circles', () => {
  const files = [...sourceFiles(join(PACKAGE_ROOT, 'src')), ...sourceFiles(join(PACKAGE_ROOT, 'dashboard'))];

  it('finds the sources and the pages, with their imports', () => {
    expect(files.filter((f) => f.includes(`${join('dashboard', 'kit')}`)).length).toBeGreaterThan(5);
    expect(importsOf(join(PACKAGE_ROOT, 'dashboard', 'exhibit', 'js', 'boot.js'))).toContain(join(PACKAGE_ROOT, 'dashboard', 'kit', 'httpClient.js'));
    expect(importsOf(join(PACKAGE_ROOT, 'src', 'server', 'app.ts'))).toContain(join(PACKAGE_ROOT, 'src', 'runtime', 'exhibitFeed.ts'));
  });

  it('there is none in src/ or dashboard/', () => {
    expect(circles(files).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the walk sees one: two modules importing each other, one of them by a type only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-circle-'));
    writeFileSync(join(dir, 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
    writeFileSync(join(dir, 'b.ts'), "import { x } from './c.js';\nexport { y } from './a.js';\nexport type B = number;\n");
    writeFileSync(join(dir, 'c.ts'), 'export const x = 1;\n');
    const found = circles([join(dir, 'a.ts'), join(dir, 'b.ts'), join(dir, 'c.ts')]);
    expect(found.map((c) => c.map((f) => f.split('/').at(-1)))).toEqual([['a.ts', 'b.ts', 'a.ts']]);
    rmSync(dir, { recursive: true, force: true });
  });
});
