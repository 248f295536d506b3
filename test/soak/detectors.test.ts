/**
 * The soak's zeros mean something only if its detectors fire on a real fault: a state file that
 * lost a confirmed example or does not load, and a server that answers 5xx.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { createNetwork } from '../../src/core/network.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { stateDocument } from '../../src/runtime/exhibitState.js';
import { HttpDriver } from '../../bench/soak/httpDriver.js';
import { seededRandom } from '../../bench/soak/random.js';
import { checkSavedState } from '../../bench/soak/savedState.js';
import { testRig } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource } from '../../src/hosts/node/boardSources.js';

async function savedXor(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nb-soak-check-'));
  await exhibitStore(dir, 'xor').save(stateDocument('xor', createNetwork({ sizes: [2, 3, 1], seed: 1 }), classicCorpus('xor')));
  return dir;
}

describe('soak detectors', () => {
  it('a saved state holding every confirmed example passes', async () => {
    const check = await checkSavedState(await savedXor(), 'xor', new Set(['0,0', '1,1']));
    expect(check).toEqual({ problems: [], loaded: true, from: 'current', strayFiles: 0 });
  });

  it('temp files left by saves cut short by a kill are counted', async () => {
    const dir = await savedXor();
    await writeFile(join(dir, 'xor.state.json.3127073030'), '{"half');
    await writeFile(join(dir, 'xor.state.json.prev.20492.tmp'), '{}');
    expect((await checkSavedState(dir, 'xor', new Set())).strayFiles).toBe(2);
  });

  it('an example confirmed saved but missing from the file is a lost save', async () => {
    const check = await checkSavedState(await savedXor(), 'xor', new Set(['0,0', '0.5,0.5']));
    expect(check.problems).toEqual([expect.stringMatching(/1 confirmed examples missing \(0\.5,0\.5\)/)]);
  });

  it('a state file and kept copy that do not load are a corrupt save; a missing file after confirmed saves is a lost one', async () => {
    const dir = await savedXor();
    await writeFile(join(dir, 'xor.state.json'), '{"format":"neuroboard.state","vers');
    await writeFile(join(dir, 'xor.state.json.prev'), '');
    expect((await checkSavedState(dir, 'xor', new Set())).problems).toEqual([expect.stringMatching(/does not load/)]);
    const empty = await mkdtemp(join(tmpdir(), 'nb-soak-check-'));
    expect((await checkSavedState(empty, 'xor', new Set(['1,0']))).problems).toEqual([expect.stringMatching(/no state file/)]);
  });

  it('the HTTP driver counts every 5xx a server gives', async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 503;
      res.end('{"error":"X","message":"down"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const driver = new HttpDriver({ url: () => `http://127.0.0.1:${port}/`, rig: await testRig() }, seededRandom(1), 3);
    driver.start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await driver.stop();
    server.closeAllConnections();
    server.close();
    expect(driver.figures.fiveXx.length).toBeGreaterThan(5);
    expect(driver.figures.fiveXx.length).toBe(driver.figures.byStatus[503]);
  }, 40_000);
});

describe('soak LED watcher', () => {
  it('an online board whose LEDs stop following the network is reported as a wedge after the bound; the others are not', async () => {
    const { Exhibit } = await import('../../src/runtime/exhibit.js');
    const { FakeBoardSource } = await import('../../src/runtime/sources/fakeSource.js');
    const { fakeDevice } = await import('../../bench/soak/devices.js');
    const { FaultInjector, LED_FOLLOW_BOUND_MS } = await import('../../bench/soak/faults.js');
    const rig = await testRig();
    const source = nodeFakeSource(rig);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor') });
    exhibit.start();
    const deadline = Date.now() + 10_000;
    while (!exhibit.state().boards.every((b) => b.online) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // The hidden board's LEDs are stuck: they show something else than what was sent.
    const devices = new Map([...source.devices].map(([id, board]) => {
      const device = fakeDevice(board);
      return [id, id === 'a0000003' ? { ...device, ledLevel: (ch: number) => (board.ledLevel(ch) + 100) % 256 } : device];
    }));
    exhibit.setInputs([1, 0]);
    const quiet: [number, number] = [60_000, 60_000];
    const injector = new FaultInjector(exhibit, rig, devices, seededRandom(1), { outageGap: quiet, outageLength: quiet, pressGap: quiet, pressBurst: quiet, garbageGap: quiet });
    injector.start();
    const wedges: string[] = [];
    const started = Date.now();
    while (wedges.length === 0 && Date.now() - started < LED_FOLLOW_BOUND_MS + 3000) {
      await new Promise((r) => setTimeout(r, 100));
      wedges.push(...injector.drain().wedges);
    }
    const after = Date.now() - started;
    await injector.stop();
    await exhibit.stop();
    expect(wedges.length).toBeGreaterThan(0);
    expect(wedges.every((w) => w.startsWith('board a0000003 channel'))).toBe(true);
    expect(after).toBeGreaterThanOrEqual(LED_FOLLOW_BOUND_MS);
  }, 30_000);
});

describe('soak LED watcher bound per board', () => {
  it("a Mega's bound covers the host's quiet spell after a missed reply (5 s, from its profile); other boards keep the plain bound", async () => {
    const { followBoundMs, LED_FOLLOW_BOUND_MS } = await import('../../bench/soak/faults.js');
    const { bootloaderListensMs } = await import('../../src/runtime/bootloaderQuiet.js');
    expect(followBoundMs({ profile: 'uno' })).toBe(LED_FOLLOW_BOUND_MS);
    expect(followBoundMs({ profile: 'nano' })).toBe(LED_FOLLOW_BOUND_MS);
    // the soak's "d7000004 channel 6 showing 215 instead of 0 for 5116 ms" was a Mega in its quiet spell
    expect(bootloaderListensMs((await import('../helpers/boards.js')).catalogue, 'mega')).toBe(5000);
    expect(followBoundMs({ profile: 'mega' })).toBeGreaterThan(5116);
  });
});
