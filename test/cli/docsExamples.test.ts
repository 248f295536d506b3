/**
 * The builder's docs cannot drift from the code: every example file docs/corpus.md shows is a real
 * file under test/fixtures/docs/, shown exactly as it is, and `neuroboard check` accepts it with the
 * lines the docs print; the warning docs/rigs.md prints is the one check gives; docs/rigs.md names
 * every field of the rig schema, and docs/corpus.md every built-in corpus with its sizes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLASSIC_CORPUS_NAMES, classicCorpus } from '../../src/core/corpora.js';
import { RigSchema } from '../../src/runtime/rig/schema.js';
import { REPO, SPAWN_TIMEOUT_MS, runCli } from './runCli.js';

const FIXTURES = join(REPO, 'test', 'fixtures', 'docs');
const corpusDoc = readFileSync(join(REPO, 'docs', 'corpus.md'), 'utf8');
const rigsDoc = readFileSync(join(REPO, 'docs', 'rigs.md'), 'utf8');
const corpusExamples = readdirSync(join(FIXTURES, 'corpus')).sort().map((name) => join(FIXTURES, 'corpus', name));

/** The lines of the fenced block (```) that follows `after` in `doc`. */
function blockAfter(doc: string, after: string): string[] {
  const at = doc.indexOf(after);
  expect(at, `"${after}" in the doc`).toBeGreaterThanOrEqual(0);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(doc.slice(at + after.length));
  return m![1]!.trimEnd().split('\n');
}

/** Check's output as a builder sees it when run in the files' own folder. */
function asInOwnFolder(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.replace(/^(✓ |✗ )\S*\/([^/\s]+):/, '$1$2:'));
}

/** Every property name anywhere in a TypeBox/JSON schema, with its path. */
function fieldsOf(schema: unknown, path = ''): { name: string; path: string }[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[] };
  const own = Object.entries(s.properties ?? {}).flatMap(([name, sub]) => [{ name, path: `${path}/${name}` }, ...fieldsOf(sub, `${path}/${name}`)]);
  return [...own, ...fieldsOf(s.items, path), ...(s.anyOf ?? []).flatMap((sub) => fieldsOf(sub, path))];
}

describe('docs/corpus.md', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('shows every example file of test/fixtures/docs/corpus exactly as the file is', () => {
    expect(corpusExamples.map((f) => basename(f))).toEqual(['half-adder-rig.json', 'half-adder.corpus.json', 'plus-minus-rig.json', 'vote-rig.json', 'vote.csv']);
    for (const file of corpusExamples) {
      const text = readFileSync(file, 'utf8').trimEnd();
      expect(corpusDoc, `${basename(file)} as docs/corpus.md shows it`).toContain(`\n${text}\n\`\`\``);
    }
  });

  it('neuroboard check accepts them all, printing the lines the doc shows and no warning', async () => {
    const run = await runCli(['check', ...corpusExamples]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const printed = asInOwnFolder(run.stdout);
    expect(printed.filter((line) => !line.startsWith('✓ '))).toEqual([]);
    expect(blockAfter(corpusDoc, 'prints, in the folder of those files:').sort()).toEqual(printed.sort());
  });

  it('lists every built-in corpus with its inputs, outputs and number of examples', () => {
    for (const name of CLASSIC_CORPUS_NAMES) {
      const c = classicCorpus(name);
      expect(corpusDoc).toContain(`| \`${name}\` | ${c.inputSize} → ${c.outputSize} | ${c.size} |`);
    }
  });
});

/** A field is explained where it is the subject: in bold at the head of its item, or in a heading. */
function explainsInRigs(name: string): boolean {
  return rigsDoc.includes(`**\`${name}\`**`) || rigsDoc.split('\n').some((line) => /^#+ /.test(line) && line.includes(`\`${name}\``));
}

describe('docs/rigs.md', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('explains every field of the rig schema (an inline example\'s fields in docs/corpus.md)', () => {
    const fields = fieldsOf(RigSchema);
    expect(fields.length).toBeGreaterThan(30);
    const missing = fields.filter(({ name, path }) =>
      path.startsWith('/corpus/') ? !corpusDoc.includes(`\`${name}\``) : !explainsInRigs(name),
    );
    expect(missing).toEqual([]);
  });

  it('prints the warning check gives for a 3-3-1 rig with two hidden LEDs, as check prints it', async () => {
    const run = await runCli(['check', join(FIXTURES, 'rigs', 'two-hidden-leds.json')]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(blockAfter(rigsDoc, 'has a 3-3-1\nnetwork but only two hidden LEDs')).toEqual(asInOwnFolder(run.stdout));
  });
});
