/**
 * The JUnit report is well-formed XML that CI systems read (checked by a tiny parser here: every
 * tag closed in order, attributes quoted, no raw & or <), with a suite per file and a case per step;
 * the CLI exits 0 when every step holds and 1 when one fails, and refuses a bad file with exit 78.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { registerTest } from '../../src/cli/commands/test.js';
import { escapeXml, junitReport } from '../../src/scenario/report/junit.js';
import type { ScenarioResult } from '../../src/scenario/runner.js';
import { scenarioDir, xor } from './scenarioFiles.js';

const files = scenarioDir();
afterAll(() => files.remove());
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses the XML subset the report uses; throws on anything malformed. */
function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === xml) throw new Error('no XML declaration');
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const text = body.slice(i, lt < 0 ? body.length : lt);
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(text) || text.includes('>')) throw new Error(`bad text: ${text.slice(0, 40)}`);
    stack[stack.length - 1]!.text += text;
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(body);
    if (!m) throw new Error(`malformed tag at ${lt}: ${body.slice(lt, lt + 60)}`);
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const open = stack.pop()!;
      if (open.name !== name) throw new Error(`</${name}> closes <${open.name}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText!.matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
      const el: XmlElement = { name: name!, attrs, children: [], text: '' };
      stack[stack.length - 1]!.children.push(el);
      if (!selfClose) stack.push(el);
    }
    i = tag.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('not exactly one root element');
  return root.children[0]!;
}

function result(name: string, steps: ScenarioResult['steps']): ScenarioResult {
  return { path: `/x/${name}.json`, name, rig: 'xor', boards: 'fake', speed: 20, achievedSpeed: null, steps, passed: steps.every((s) => s.status === 'passed'), scenarioMs: 1000, wallMs: 50, logs: ['a < b & "c"'] };
}

describe('JUnit report', () => {
  it('a passing and a failing suite with nasty text (<, &, quotes, a control character) parse back with the right counts', () => {
    const xml = junitReport([
      result('ok', [{ index: -1, kind: 'setup', title: 'start', status: 'passed', atMs: 0, scenarioMs: 1, wallMs: 1 }]),
      result('bad <one> & "two"', [
        { index: -1, kind: 'setup', title: 'start', status: 'passed', atMs: 0, scenarioMs: 1, wallMs: 1 },
        { index: 0, kind: 'expect', title: 'expect LED', status: 'failed', expected: 'level ≥ 200', seen: '12 on the pin \u0001', message: 'did not hold within 300 ms', atMs: 1, scenarioMs: 300, wallMs: 15 },
        { index: 1, kind: 'click', title: "click 'x'", status: 'skipped', atMs: 301, scenarioMs: 0, wallMs: 0 },
      ]),
    ]);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '4', failures: '1', skipped: '1' });
    const [ok, bad] = root.children;
    expect(ok!.attrs).toMatchObject({ name: 'ok', tests: '1', failures: '0' });
    expect(bad!.attrs['name']).toBe('bad &lt;one&gt; &amp; &quot;two&quot;');
    const cases = bad!.children.filter((c) => c.name === 'testcase');
    expect(cases).toHaveLength(3);
    const failure = cases[1]!.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs['message']).toContain('expected level ≥ 200; seen 12 on the pin');
    expect(failure.text).toContain('expected: level ≥ 200');
    expect(cases[2]!.children[0]!.name).toBe('skipped');
  });

  it('escapeXml drops characters XML cannot hold and escapes the five specials', () => {
    expect(escapeXml('a\u0000b\u001b<&>"\'')).toBe('ab&lt;&amp;&gt;&quot;&apos;');
  });
});

describe('neuroboard test (in process)', () => {
  async function cli(args: string[]): Promise<{ exitCode: number | undefined; out: string }> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const program = new Command().exitOverride();
    registerTest(program);
    await program.parseAsync(['node', 'neuroboard', 'test', ...args]);
    // Colours are on when CI is set (picocolors' rule), so compare the text without them.
    return { exitCode: process.exitCode as number | undefined, out: out.replace(/\x1b\[[0-9;]*m/g, '') };
  }

  it('exit 0 and a ✓ per step when every step holds; exit 1 when an LED is expected at the wrong level; JUnit to --output', async () => {
    const good = files.write(xor([{ click: { board: 'a0000001' } }, { expect: { inputs: [1, 0] } }]), 'good.json');
    const wrong = files.write(xor([{ expect: { led: { board: 'a0000004', level: 255 } } }]), 'wrong.json');
    const passed = await cli([good, '--fast']);
    expect(passed.exitCode ?? 0).toBe(0);
    expect(passed.out).toMatch(/✓ 2\. expect inputs \[1, 0\]/);
    process.exitCode = undefined;
    const out = join(files.dir, 'report.xml');
    const failed = await cli([good, wrong, '--fast', '--reporter', 'junit', '--output', out]);
    expect(failed.exitCode).toBe(1);
    expect(failed.out).toMatch(/✗ 1\. expect LED of board a0000004 level 255/);
    expect(failed.out).toMatch(/expected: board a0000004 \(answer\) channel 0: level 255 ± 6/);
    const root = parseXml(readFileSync(out, 'utf8'));
    expect(root.children.map((s) => [s.attrs['name'], s.attrs['failures']])).toEqual([['good', '0'], ['wrong', '1']]);
  });

  it('a bad file among good ones (unknown board a0000009) is refused before anything runs: NbError naming the file, exit 78', async () => {
    const good = files.write(xor([{ click: { board: 'a0000001' } }]));
    const bad = files.write(xor([{ click: { board: 'a0000009' } }]), 'bad.json');
    const err = await cli([good, bad, '--fast']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_SCENARIO', exitCode: 78, field: 'steps[0].click.board' });
    expect((err as Error).message).toContain(bad);
  });
});
