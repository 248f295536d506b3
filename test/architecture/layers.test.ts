/**
 * docs/architecture.md's layers, enforced: dependencies point down only (cli/server → the Node host →
 * runtime → the boards side and core), and the code both hosts run has no Node in it:
 * - src/core and src/protocol are pure: nothing but each other, no packages, no timers, no clock;
 * - the neutral layers (core, protocol, platform, catalogue, transports, sim, flash, runtime) import
 *   no Node built-in and no package but avr8js, typebox and eventemitter3, and touch no Buffer,
 *   process, setImmediate or unref; what a host must give them comes through src/platform;
 * - esbuild bundles every neutral file for a browser, with no Node shims, and the bundle's inputs hold
 *   no Node module;
 * - (no import circle: importCircles.test.ts, for src/ and the pages).
 * Only src/hosts/node (the Node host), the CLI, the server, the scenario runner, bench/, scripts/ and
 * the tests use Node. src/pages is pure too: the core's share that esbuild bundles for the browser pages. A wrong import fails here with the file and the line.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';

const SRC = join(PACKAGE_ROOT, 'src');

/** What each layer may import from src/ (a file directly in src/ would be the layer "shared": there is none). */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  protocol: ['core', 'protocol'],
  platform: ['core', 'platform'],
  catalogue: ['core', 'protocol', 'catalogue'],
  transports: ['core', 'protocol', 'platform', 'catalogue', 'transports'],
  sim: ['core', 'protocol', 'platform', 'catalogue', 'transports', 'sim'],
  flash: ['core', 'platform', 'catalogue', 'transports', 'sim', 'flash'],
  runtime: ['core', 'protocol', 'platform', 'catalogue', 'transports', 'sim', 'runtime'],
  pages: ['core', 'pages'],
  types: ['types'],
  hosts: ['core', 'protocol', 'platform', 'catalogue', 'transports', 'sim', 'flash', 'runtime', 'types', 'hosts'],
  server: ['core', 'protocol', 'platform', 'catalogue', 'transports', 'sim', 'runtime', 'hosts', 'types', 'server'],
  scenario: ['core', 'protocol', 'platform', 'catalogue', 'transports', 'sim', 'runtime', 'hosts', 'types', 'scenario'],
  cli: ['core', 'protocol', 'platform', 'catalogue', 'transports', 'sim', 'flash', 'runtime', 'hosts', 'types', 'server', 'scenario', 'cli'],
};

/** No packages, no Node, no timers, no clock. */
const PURE = new Set(['core', 'protocol', 'pages']);
/** What runs on both hosts (Node, and a browser tab or worker): no Node built-in, only NEUTRAL_PACKAGES. */
const NEUTRAL = new Set(['core', 'protocol', 'pages', 'platform', 'catalogue', 'transports', 'sim', 'flash', 'runtime']);
/** The packages neutral code may use: each runs anywhere, with no Node in it. */
const NEUTRAL_PACKAGES = new Set(['avr8js', 'typebox', 'eventemitter3']);

/** Node and host APIs a pure module must not touch (timers, the clock, the process, buffers, the file system). */
const IMPURE_API = /\b(setTimeout|setInterval|setImmediate|queueMicrotask|Date\.now|performance\.now|process\.|Buffer\b|require\(|globalThis\.)/;
/** Node-only APIs neutral code must not touch (timers and clocks both hosts have are fine; keeping alive or yielding is the Scheduler's). */
const NODE_API = /\b(Buffer\b|process\.|setImmediate|clearImmediate|require\(|__dirname|__filename)|\.unref\(/;

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

/** The package a bare specifier names ("@serialport/stream/x" → "@serialport/stream", "typebox/value" → "typebox"). */
const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || NODE_BUILTINS.has(packageOf(specifier));

/** Why a neutral module may not import `specifier`, or null when it may. */
function neutralImportProblem(specifier: string): string | null {
  if (specifier.startsWith('.')) return null;
  if (isNodeBuiltin(specifier)) return 'a Node built-in';
  if (!NEUTRAL_PACKAGES.has(packageOf(specifier))) return `a package not allowed in neutral code (${[...NEUTRAL_PACKAGES].join(', ')} are)`;
  return null;
}

/** Comments hold prose ("no setTimeout here"), not code. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/**
 * What in a bundle's metafile is a Node module: an input or import that is a Node built-in, left
 * external, or a package neutral code may not use. (Paths are as esbuild writes them: relative to
 * the working directory.)
 */
function nodeModulesIn(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const inPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (input.startsWith('node:') || (inPackage && !NEUTRAL_PACKAGES.has(inPackage[1]!))) found.add(input);
    for (const i of imports) if (i.external || isNodeBuiltin(i.path)) found.add(`${input} → ${i.path}`);
  }
  return [...found];
}

/** Bundles `entryPoints` for a browser, as a browser host would: no Node shims, nothing external. */
function bundleForBrowser(entryPoints: string[], absWorkingDir: string) {
  return build({ entryPoints, absWorkingDir, bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true, outdir: 'bundle', logLevel: 'silent' });
}

const files = sourceFiles(SRC);
const neutralFiles = files.filter((f) => NEUTRAL.has(layerOf(f)));

describe('layers (docs/architecture.md: dependencies point down only)', () => {
  it('finds the source tree, every layer in the table, and every neutral layer among them', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(new Set(files.map(layerOf))).toEqual(new Set(Object.keys(ALLOWED)));
    for (const layer of NEUTRAL) expect(Object.keys(ALLOWED)).toContain(layer);
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

  it('the neutral layers (the runtime too) import no Node built-in and no package but avr8js, typebox and eventemitter3, and use no Buffer, process, setImmediate or unref', () => {
    expect(new Set(neutralFiles.map(layerOf))).toEqual(NEUTRAL);
    const wrong: string[] = [];
    for (const file of neutralFiles) {
      const text = readFileSync(file, 'utf8');
      for (const { line, specifier } of importsOf(text)) {
        const problem = neutralImportProblem(specifier);
        if (problem) wrong.push(`${relative(PACKAGE_ROOT, file)}:${line} imports ${specifier}: ${problem}`);
      }
      withoutComments(text).split('\n').forEach((code, i) => {
        if (NODE_API.test(code)) wrong.push(`${relative(PACKAGE_ROOT, file)}:${i + 1} uses ${NODE_API.exec(code)![0]}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('esbuild bundles every neutral file, the runtime with them, for a browser (no Node shims), and no Node module is in the bundle', async () => {
    const result = await bundleForBrowser(neutralFiles.map((f) => relative(PACKAGE_ROOT, f)), PACKAGE_ROOT);
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['src/runtime/exhibit.ts', 'src/runtime/story/exhibitStory.ts', 'src/runtime/sources/hardwareSource.ts']));
    expect(inputs.filter((i) => i.includes('node_modules/')).map((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)![1]).sort()).toEqual(
      expect.arrayContaining(['avr8js', 'eventemitter3', 'typebox']),
    );
    expect(nodeModulesIn(result.metafile)).toEqual([]);
  });

  it('the checks see a violation: a core file importing node:fs and calling setTimeout is caught', () => {
    const text = "import { readFileSync } from 'node:fs';\nexport const later = () => setTimeout(() => undefined, 1);\n";
    expect(importsOf(text)).toEqual([{ line: 1, specifier: 'node:fs' }]);
    expect(IMPURE_API.test(withoutComments(text))).toBe(true);
    expect(IMPURE_API.test(withoutComments('// no setTimeout here\n/* nor Date.now */'))).toBe(false);
  });

  it('the checks see a violation in neutral code: a Node built-in (with or without node:), a Node-only package, Buffer, unref', () => {
    expect(neutralImportProblem('node:fs')).toBe('a Node built-in');
    expect(neutralImportProblem('events')).toBe('a Node built-in');
    expect(neutralImportProblem('fs/promises')).toBe('a Node built-in');
    expect(neutralImportProblem('@serialport/stream')).toMatch(/not allowed in neutral code/);
    expect(neutralImportProblem('typebox/value')).toBeNull();
    expect(neutralImportProblem('./link.js')).toBeNull();
    expect(NODE_API.test("const b = Buffer.from('x');")).toBe(true);
    expect(NODE_API.test('timer.unref();')).toBe(true);
    expect(NODE_API.test("new Promise((r) => setImmediate(r));")).toBe(true);
    expect(NODE_API.test('const t = setTimeout(f, 1); queueMicrotask(g);')).toBe(false);
  });

  it('the checks see a planted violation in the runtime: node:events, an import of the Node host, setImmediate', () => {
    const file = join(SRC, 'runtime', 'planted.ts');
    const text =
      "import { EventEmitter } from 'node:events';\nimport { nodeScheduler } from '../hosts/node/nodeScheduler.js';\nexport const later = () => new Promise((r) => setImmediate(r));\n";
    expect(NEUTRAL.has(layerOf(file))).toBe(true);
    const [events, host] = importsOf(text);
    expect(neutralImportProblem(events!.specifier)).toBe('a Node built-in');
    expect(ALLOWED[layerOf(file)]).not.toContain(layerOf(resolve(dirname(file), host!.specifier)));
    expect(NODE_API.exec(withoutComments(text))?.[0]).toBe('setImmediate');
  });

  it('the bundle test sees a violation: a planted file importing node:fs does not build for a browser, and a metafile holding a Node module is caught', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-layers-'));
    await writeFile(join(dir, 'planted.ts'), "import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p, 'utf8');\n");
    const failed = await bundleForBrowser(['planted.ts'], dir).then(
      () => null,
      (err: { errors?: { text: string }[] }) => err,
    );
    expect(failed?.errors?.map((e) => e.text).join('\n')).toMatch(/node:fs/);
    const planted: Metafile = {
      inputs: {
        'src/transports/serialBoard.ts': { bytes: 1, imports: [{ path: 'node_modules/@serialport/stream/dist/index.js', kind: 'import-statement', original: '@serialport/stream' }] },
        'node_modules/@serialport/stream/dist/index.js': { bytes: 1, imports: [{ path: 'stream', kind: 'require-call', external: true }] },
        'node_modules/typebox/build/index.mjs': { bytes: 1, imports: [] },
      },
      outputs: {},
    };
    expect(nodeModulesIn(planted)).toEqual(['node_modules/@serialport/stream/dist/index.js', 'node_modules/@serialport/stream/dist/index.js → stream']);
  });
});
