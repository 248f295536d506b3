/**
 * Exit codes follow the README's table on every command (issue 11 item 10): 0 ok, 1 a check or
 * scenario failed, 64 bad usage, 65 bad data, 69 something missing or taken, 74 a file could not
 * be read or written, 78 a bad rig, profile or scenario. One row per case, each run as a user would.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { REPO, SPAWN_TIMEOUT_MS, runCli, tempDir, type CliRun } from './runCli.js';

let dir = '';
const at = (name: string): string => join(dir, name);
const scenarios = readdirSync(join(REPO, 'boards', 'scenarios'))
  .filter((f) => /\.(json|ya?ml)$/.test(f))
  .map((f) => join('boards', 'scenarios', f));

beforeAll(() => {
  dir = tempDir('nb-exit-');
  const rig = JSON.parse(readFileSync(join(REPO, 'boards', 'rigs', 'xor.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(at('rig-without-corpus.json'), JSON.stringify({ ...rig, corpus: 'nope.csv' }));
  writeFileSync(at('no-rig.json'), JSON.stringify({ version: 1, rig: 'nosuchrig.json', steps: [{ 'set-inputs': [0, 0] }] }));
  writeFileSync(at('bad.json'), JSON.stringify({ version: 1, rig: 'xor', steps: [{ klick: { board: 'a0000001' } }] }));
  writeFileSync(at('bad.yaml'), 'version: 1\nrig: xor\nsteps:\n  - click: { board: a0000009 }\n');
});

interface Row {
  name: string;
  args: () => string[];
  code: number;
  /** Where the reason must show, and what it says. */
  says?: RegExp;
  then?: (run: CliRun, expect: ExpectStatic) => void;
}

const COMMANDS = ['start', 'demo', 'test', 'ports', 'flash', 'train', 'check', 'doctor', 'tty'];

const rows: Row[] = [
  ...COMMANDS.map((command): Row => ({
    name: `${command} --bogus: an unknown option is bad usage`,
    // flash's required options are given, so the unknown one is what it trips on.
    args: () => [command, ...(command === 'flash' ? ['--board', 'uno', '--port', at('tty'), '--dry-run'] : []), '--bogus'],
    code: 64,
    says: /unknown option '--bogus'/,
  })),
  { name: 'an unknown command is bad usage', args: () => ['frobnicate'], code: 64, says: /unknown command 'frobnicate'/ },
  { name: 'demo with a pace that is not a number is bad usage', args: () => ['demo', '--pace', 'fast'], code: 64, says: /'--pace <n>' argument 'fast' is invalid\. "fast" is not a number of tries a second from 0 \(full speed\) to 100000/ },
  { name: 'test with no file is bad usage', args: () => ['test'], code: 64, says: /missing required argument 'scenario'/ },
  { name: 'start with a rig that does not exist: a file that cannot be read', args: () => ['start', '--rig', at('nope.json'), '--data', at('data-start'), '--port', '0'], code: 74, says: /nope\.json: cannot read it \(no such file\)/ },
  { name: 'train with a rig that does not exist', args: () => ['train', '--rig', at('nope.json'), '--data', at('data-train')], code: 74, says: /nope\.json: cannot read it \(no such file\)/ },
  { name: 'check of a rig whose corpus file does not exist', args: () => ['check', at('rig-without-corpus.json')], code: 74, says: /\/corpus: .*nope\.csv: cannot read it \(no such file\)/ },
  { name: 'check of a file that does not exist', args: () => ['check', at('nope.json')], code: 74, says: /no such file/ },
  { name: 'test of a scenario whose rig does not exist', args: () => ['test', at('no-rig.json'), '--fast'], code: 74, says: /no rig file "nosuchrig\.json"/ },
  { name: 'test of a scenario file that does not exist', args: () => ['test', at('nope.json'), '--fast'], code: 74, says: /nope\.json: cannot read it \(no such file\)/ },
  { name: 'check recognises every shipped scenario (JSON and YAML) and passes them', args: () => ['check', ...scenarios], code: 0, says: /✓ .*xor-visitor\.yaml: scenario "XOR: a visitor/ },
  { name: 'check of a bad JSON scenario names the step, as test would', args: () => ['check', at('bad.json')], code: 78, says: /unknown step kind "klick"/ },
  { name: 'check of a bad YAML scenario (a board the rig lacks)', args: () => ['check', at('bad.yaml')], code: 78, says: /no board "a0000009" in rig "xor"/ },
  {
    name: 'test of a bad scenario with --reporter junit still writes the report, with the error as a failure',
    args: () => ['test', at('bad.json'), scenarios[0]!, '--fast', '--reporter', 'junit', '--output', at('report.xml')],
    code: 78,
    says: /unknown step kind "klick"/,
    then: (_run, expect) => {
      const xml = readFileSync(at('report.xml'), 'utf8');
      expect(xml).toMatch(/<testsuites name="neuroboard scenarios" tests="2" failures="1" errors="0" skipped="1"/);
      expect(xml).toMatch(/<failure message="NB_ERR_INVALID_SCENARIO: bad\.json is not a valid scenario[^"]*unknown step kind &quot;klick&quot;/);
    },
  },
  {
    name: 'the same, the JUnit report on stdout',
    args: () => ['test', at('bad.yaml'), '--fast', '--reporter', 'junit'],
    code: 78,
    then: (run, expect) => expect(run.stdout).toMatch(/^<\?xml[\s\S]*<failure message="NB_ERR_INVALID_SCENARIO[\s\S]*<\/testsuites>\n$/),
  },
];

// One row at a time: each is a CLI process, and a machine shared by many jobs has few cores to spare.
describe('exit codes follow the README table on every command', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it.for(rows.map((row) => ({ ...row, title: `${row.name} → ${row.code}` })))('$title', async (row, { expect }) => {
    const run = await runCli(row.args());
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(row.code);
    if (row.says) expect(`${run.stdout}\n${run.stderr}`).toMatch(row.says);
    row.then?.(run, expect);
  });

  it('the README table lists every code these rows expect', ({ expect: e }) => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const table = /Exit codes[^:]*: ([\s\S]*?)\n\n/.exec(readme)?.[1] ?? '';
    for (const code of new Set(rows.map((r) => r.code))) e(table).toMatch(new RegExp(`\\b${code} `));
    e(existsSync(join(REPO, 'boards', 'scenarios', 'xor-visitor.yaml'))).toBe(true);
  });
});
