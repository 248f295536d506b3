/**
 * Node names (issue 11 item 15, format in the shared NAMES agreement): the rig's channel labels, the
 * defaults for the rest, and where the API shows them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { nodeLabels } from '../../src/runtime/rig/labels.js';
import { loadProfileLimits, loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { validateRig } from '../../src/runtime/rig/load.js';
import { startedExhibit, type TestExhibit } from '../server/exhibitForTests.js';

describe('nodeLabels', () => {
  it('names unlabelled nodes "input N", "hidden N", "output N", counted from 1', () => {
    const rig = { network: { layers: [2, 3, 2, 1] }, boards: [] };
    expect(nodeLabels(rig)).toEqual([
      ['input 1', 'input 2'],
      ['hidden 1', 'hidden 2', 'hidden 3'],
      ['hidden 1', 'hidden 2'],
      ['output 1'],
    ]);
  });

  it("takes each node's name from the label of the channel that shows it", () => {
    const rig = {
      network: { layers: [2, 1] },
      boards: [{ channels: [{ layer: 0, node: 1, label: 'B' }, { layer: 1, node: 0, label: 'yes' }, { layer: 0, node: 0 }] }],
    };
    expect(nodeLabels(rig)).toEqual([['input 1', 'B'], ['yes']]);
  });

  it('names the shipped rigs as they mean it: XOR A, B, h1-h3, yes; digits7 segments a-g, digits 0-9', async () => {
    const xor = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
    expect(nodeLabels(xor.rig)).toEqual([['A', 'B'], ['h1', 'h2', 'h3'], ['yes']]);
    const digits = await loadRig(join(BOARDS_DIR, 'rigs/digits7.json'));
    const labels = nodeLabels(digits.rig);
    expect(labels[0]).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(labels[1]).toEqual(Array.from({ length: 8 }, (_, i) => `hidden ${i + 1}`));
    expect(labels[2]).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});

describe('a rig label is 1-24 characters', () => {
  async function check(label: unknown): Promise<string | null> {
    const xor = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8'));
    xor.boards[0].channels[0].label = label;
    try {
      validateRig(xor, 'label-rig.json', await loadProfileLimits());
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  it('accepts a short name and refuses an empty, blank, too long or non-string one, naming the field', async () => {
    expect(await check('segment a')).toBeNull();
    expect(await check('x'.repeat(24))).toBeNull();
    for (const bad of ['', '   ', 'x'.repeat(25), 7]) {
      expect(await check(bad), JSON.stringify(bad)).toMatch(/boards\[0\]\.channels\[0\]\.label/);
    }
  });
});

describe('the API shows the names', () => {
  let running: { app: NbApp; t: TestExhibit } | null = null;
  afterEach(async () => {
    await running?.app.close();
    await running?.t.exhibit.stop();
    running = null;
  });

  it('GET /api/state has labels per layer and a label on every board channel', async () => {
    const t = await startedExhibit();
    const app = buildApp({ exhibit: t.exhibit });
    running = { app, t };
    const res = await app.inject({ method: 'GET', url: '/api/state' });
    expect(res.statusCode).toBe(200);
    const state = res.json();
    expect(state.labels).toEqual([['A', 'B'], ['h1', 'h2', 'h3'], ['yes']]);
    const channels = state.boards.flatMap((b: { channels: { layer: number; node: number; label: string }[] }) => b.channels);
    expect(channels).toHaveLength(6);
    for (const c of channels) expect(c.label).toBe(state.labels[c.layer][c.node]);
  });
});
