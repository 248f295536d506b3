/**
 * `npm run bench [-- name...]`: runs each benchmark module in turn and prints its figures; the last
 * line is one JSON object with every figure, keyed by module, so tools can read it.
 * Benchmarks are scripts, never timed tests: a busy machine changes the numbers, not the suite.
 */
type Bench = (log: (line: string) => void) => Promise<Record<string, unknown>>;

/** Benchmark modules, each `bench/<name>.ts` exporting `bench(log)`. */
const NAMES = ['core', 'pace', 'spiking', 'sim', 'flash', 'browser', 'site', 'runtime', 'corpus', 'server', 'startup', 'limits'] as const;
const MODULES: Record<string, () => Promise<{ bench: Bench }>> = Object.fromEntries(
  NAMES.map((name) => [name, () => import(`./${name}.js`) as Promise<{ bench: Bench }>]),
);

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((name) => !(name in MODULES));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(MODULES).join(', ')}`);
    process.exitCode = 64;
    return;
  }
  const names = wanted.length > 0 ? wanted : Object.keys(MODULES);
  const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };
  for (const name of names) {
    console.log(`\n## ${name}`);
    const started = performance.now();
    let mod: { bench: Bench };
    try {
      mod = await MODULES[name]!();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
      console.log(`(no bench/${name}.ts yet)`);
      continue;
    }
    results[name] = await mod.bench((line) => console.log(line));
    console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log(JSON.stringify(results));
}

await main();
