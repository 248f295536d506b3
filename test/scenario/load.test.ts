/**
 * Bad scenario files are refused before anything runs, with one NbError (exit 78) that names the
 * file, the step (counted from 1) and the field. Each test names the bad input it tries.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isNbError, type NbError } from '../../src/core/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioDir, xor } from './scenarioFiles.js';

const files = scenarioDir();
afterAll(() => files.remove());

async function refusal(doc: unknown, name?: string): Promise<NbError> {
  const path = files.write(doc, name);
  const err = await loadScenario(path).catch((e: unknown) => e);
  if (!isNbError(err)) throw new Error(`expected an NbError, got ${String(err)}`);
  expect(err.message).toContain(path);
  expect(err.exitCode).toBe(78);
  return err;
}

describe('loadScenario: bad files', () => {
  it('missing "rig" field: names the field', async () => {
    const err = await refusal({ version: 1, steps: [{ 'set-inputs': [0, 0] }] });
    expect(err.field).toBe('rig');
    expect(err.message).toMatch(/rig: is missing/);
  });

  it('missing "steps" and a wrong "version": both reported in one go', async () => {
    const err = await refusal({ version: 2, rig: 'xor' });
    expect(err.message).toMatch(/version/);
    expect(err.message).toMatch(/steps: is missing/);
  });

  it('unknown step kind "klick": names step 2 and lists the kinds', async () => {
    const err = await refusal(xor([{ 'set-inputs': [0, 0] }, { klick: { board: 'a0000001' } }]));
    expect(err.message).toMatch(/step 2 \(steps\[1\]\): unknown step kind "klick"; use one of: press, release, click/);
    expect(err.field).toBe('steps[1]');
  });

  it('two kinds in one step (click and expect)', async () => {
    const err = await refusal(xor([{ click: { board: 'a0000001' }, expect: { inputs: [1, 0] } }]));
    expect(err.message).toMatch(/step 1 \(steps\[0\]\): names 2 step kinds \(click, expect\)/);
  });

  it('unknown board id a0000009 (well-formed, not in the rig): lists the rig\'s boards', async () => {
    const err = await refusal(xor([{ click: { board: 'a0000009' } }]));
    expect(err.field).toBe('steps[0].click.board');
    expect(err.message).toMatch(/step 1 \(steps\[0\]\.click\.board\): no board "a0000009" in rig "xor" \(boards: a0000001, a0000002, a0000003, a0000004\)/);
  });

  it('malformed board id "A1" inside an expect condition: names the nested field', async () => {
    const err = await refusal(xor([{ expect: { led: { board: 'A1', level: 'fired' } } }]));
    expect(err.field).toBe('steps[0].expect.led.board');
  });

  it('bad channel: channel 2 on input board a0000001, which the rig binds on channel 0 only', async () => {
    const err = await refusal(xor([{ press: { board: 'a0000001', channel: 2 } }]));
    expect(err.message).toMatch(/steps\[0\]\.press\.channel\): board a0000001 has no channel 2 in rig "xor" \(channels: 0\)/);
  });

  it('bad channel: -1 and 3.5 fail the schema', async () => {
    const err = await refusal(xor([{ press: { board: 'a0000001', channel: -1 } }, { hold: { board: 'a0000001', channel: 3.5, ms: 10 } }]));
    expect(err.message).toMatch(/step 1 \(steps\[0\]\.press\.channel\)/);
    expect(err.message).toMatch(/step 2 \(steps\[1\]\.hold\.channel\)/);
  });

  it('LED level "fire" (not one of the choices): says what it may be', async () => {
    const err = await refusal(xor([{ expect: { led: { board: 'a0000004', level: 'fire' } } }]));
    expect(err.message).toMatch(/steps\[0\]\.expect\.led\.level\): must be one of a whole number from 0 to 255, an object \{ min, max \}, "fired", "not-fired", "as-sent", not "fire"; did you mean "fired"\?/);
  });

  it('unknown field "chanel" (typo) in a click', async () => {
    const err = await refusal(xor([{ click: { board: 'a0000001', chanel: 0 } }]));
    expect(err.message).toMatch(/steps\[0\]\.click\.chanel\): unknown field "chanel"; did you mean channel\?/);
  });

  it('hold without "ms": the missing field', async () => {
    const err = await refusal(xor([{ hold: { board: 'a0000001' } }]));
    expect(err.message).toMatch(/steps\[0\]\.hold\.ms\): is missing/);
  });

  it('set-inputs with 3 values on a 2-input rig, teach with 2 targets on a 1-output rig', async () => {
    const err = await refusal(xor([{ 'set-inputs': [1, 0, 1] }, { teach: { inputs: [1, 0], targets: [1, 0] } }]));
    expect(err.message).toMatch(/steps\[0\]\.set-inputs\): must hold 2 inputs \(rig "xor" is 2-3-1\), not 3/);
    expect(err.message).toMatch(/steps\[1\]\.teach\.targets\): must hold 1 targets/);
  });

  it('wait with both "ms" and "until", and wait with neither', async () => {
    const err = await refusal(xor([{ wait: { ms: 5, until: { inputs: [0, 0] } } }, { wait: { timeoutMs: 5 } }]));
    expect(err.message).toMatch(/step 1 \(steps\[0\]\.wait\): needs exactly one of "ms"/);
    expect(err.message).toMatch(/step 2 \(steps\[1\]\.wait\): needs exactly one of "ms"/);
  });

  it('unknown condition "lit" in an expect', async () => {
    const err = await refusal(xor([{ expect: { lit: { board: 'a0000004' } } }]));
    expect(err.message).toMatch(/steps\[0\]\.expect\): unknown condition "lit"/);
  });

  it('raw with a regular expression that does not compile ("PONG (")', async () => {
    const err = await refusal(xor([{ raw: { board: 'a0000001', send: 'PING 1', match: 'PONG (' } }]));
    expect(err.message).toMatch(/steps\[0\]\.raw\.match\): is not a valid regular expression/);
  });

  it('a rig that does not exist ("nosuchrig"): a file that cannot be read, exit 74 as from every command', async () => {
    const path = files.write({ version: 1, rig: 'nosuchrig', steps: [{ 'set-inputs': [0, 0] }] });
    const err = await loadScenario(path).catch((e: unknown) => e);
    if (!isNbError(err)) throw new Error(`expected an NbError, got ${String(err)}`);
    expect(err.message).toContain(path);
    expect(err.exitCode).toBe(74);
    expect(err.field).toBe('rig');
    expect(err.message).toMatch(/no rig file "nosuchrig"/);
  });

  it('broken JSON (a trailing comma) says where', async () => {
    const err = await refusal('{ "version": 1, "rig": "xor", }');
    expect(err.message).toMatch(/not valid JSON at line 1/);
  });

  it('broken YAML (a key given twice) says the line and column', async () => {
    const err = await refusal('version: 1\nrig: xor\nrig: digits7\nsteps: []\n', 'broken.yaml');
    expect(err.message).toMatch(/not valid YAML at line 3, column 1: a key given twice in the same map/);
  });

  it('a YAML scenario with a wrong board is refused like a JSON one, naming the step and field', async () => {
    const err = await refusal('version: 1\nrig: xor\nsteps:\n  - click: { board: ffffffff }\n', 'wrong.yml');
    expect(err.message).toMatch(/steps\[0\]\.click\.board/);
  });
});

describe('loadScenario: good files', () => {
  it('a YAML scenario (comments and all) loads to the same steps as its JSON twin', async () => {
    const steps = [{ click: { board: 'a0000001' } }, { expect: { led: { board: 'a0000004', level: 'fired' } } }];
    const fromJson = await loadScenario(files.write(xor(steps)));
    const yaml = [
      '# a visitor presses A',
      'version: 1',
      'rig: xor',
      'steps:',
      '  - click: { board: a0000001 } # A on',
      '  - expect:',
      '      led: { board: a0000004, level: fired }',
    ].join('\n');
    const fromYaml = await loadScenario(files.write(yaml, 'twin.yaml'));
    expect(fromYaml.steps).toEqual(fromJson.steps);
  });

  it('a rig path relative to the scenario file, and a built-in rig name, both load', async () => {
    const byName = await loadScenario(files.write(xor([{ click: { board: 'a0000001' } }])));
    expect(byName.rig.rig.name).toBe('xor');
    expect(byName.steps).toHaveLength(1);
    const { BOARDS_DIR } = await import('../../src/hosts/node/paths.js');
    const byPath = await loadScenario(files.write({ version: 1, rig: `${BOARDS_DIR}/rigs/xor.json`, steps: [{ wait: { ms: 1 } }] }));
    expect(byPath.steps[0]).toMatchObject({ kind: 'wait', body: { ms: 1 } });
  });
});
