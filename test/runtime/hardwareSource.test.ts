/**
 * Finding rig boards on "serial ports" by the id they announce. The ports are fake boards behind one
 * binding, as the native binding would present real ones. Faults tried: boards on swapped ports, a
 * board not in the rig, a port where nothing answers, a rig board that is not plugged in.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import type { SerialBinding } from '../../src/platform/serialBinding.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { HardwareBoardSource } from '../../src/runtime/sources/hardwareSource.js';
import type { FakeBoard } from '../../src/sim/fake/fakeBoard.js';
import { fakeBoard } from '../helpers/boards.js';
import { emulatedBoardsOf } from '../../src/runtime/boardSource.js';
import { nodeHardwareSource } from '../../src/hosts/node/boardSources.js';

let rig: ResolvedRig;
beforeAll(async () => {
  rig = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
});

function portsOf(devices: FakeBoard[]): SerialBinding {
  const byPath = new Map(devices.map((d) => [d.path, d]));
  return {
    open: async (options) => {
      const device = byPath.get(options.path);
      if (!device) throw new Error(`ENOENT: ${options.path}`);
      return device.binding.open(options);
    },
  };
}

describe('HardwareBoardSource', () => {
  it('finds every rig board by id whatever port it is on, reports a stranger, skips a silent port', async () => {
    const devices = [
      fakeBoard({ id: 'a0000004', path: '/dev/ttyACM0' }),
      fakeBoard({ id: 'deadbeef', path: '/dev/ttyACM1' }),
      fakeBoard({ id: 'a0000002', path: '/dev/ttyACM2' }),
      fakeBoard({ id: 'a0000001', path: '/dev/ttyUSB0' }),
      fakeBoard({ id: 'a0000003', path: '/dev/ttyUSB1' }),
    ];
    const silent = fakeBoard({ id: '0badf00d', path: '/dev/ttyACM9', resetOnOpen: false });
    silent.muted = true;
    devices.unshift(silent); // probed first: it must not stall the search
    const binding = portsOf(devices);
    const logs: string[] = [];
    const source = nodeHardwareSource({
      rig,
      binding,
      listPorts: async () => devices.map((d) => ({ path: d.path, likely: true })),
      log: (_l, m) => logs.push(m),
      timeouts: { bootWaitMs: 50, openMs: 300, replyMs: 200 },
    });
    const opened = await Promise.all(rig.boards.map((b) => source.open(b)));
    expect(opened.map((b) => [b.identity!.id, b.path])).toEqual([
      ['a0000001', '/dev/ttyUSB0'],
      ['a0000002', '/dev/ttyACM2'],
      ['a0000003', '/dev/ttyUSB1'],
      ['a0000004', '/dev/ttyACM0'],
    ]);
    // The hidden board's channel count was raised to the three the rig uses.
    expect(devices.find((d) => d.id === 'a0000003')!.channels).toBe(3);
    expect(logs.join('\n')).toMatch(/board deadbeef on \/dev\/ttyACM1 is not in the rig/);
    expect(logs.join('\n')).toMatch(/\/dev\/ttyACM9: No BOOT or HELLO/);
    // What a page shows about the ports that held no rig board: the stranger's id, the silent port's answer.
    expect(source.portNotes().map((n) => [n.path, n.strangerId])).toEqual([
      ['/dev/ttyACM9', null],
      ['/dev/ttyACM1', 'deadbeef'],
    ]);
    expect(source.portNotes()[0]!.message).toMatch(/No BOOT or HELLO/);
    await source.close();
  });

  it('exclusive work (flashing a board beside the rig\'s) runs between searches: no port is opened while it runs', async () => {
    const devices = [fakeBoard({ id: 'a0000001', path: '/dev/ttyACM0' })];
    const opens: string[] = [];
    const binding = portsOf(devices);
    const source = nodeHardwareSource({
      rig,
      binding: { open: (options) => (opens.push(`open ${options.path}`), binding.open(options)) },
      listPorts: async () => [{ path: '/dev/ttyACM0', likely: true }],
      timeouts: { bootWaitMs: 50, openMs: 300 },
    });
    let finish!: () => void;
    const work = source.exclusive(async () => {
      opens.push('flash starts');
      await new Promise<void>((resolve) => (finish = resolve));
      opens.push('flash ends');
      return 'flashed';
    });
    const search = source.open(rig.boards[0]!);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(opens).toEqual(['flash starts']);
    finish();
    expect(await work).toBe('flashed');
    expect((await search).identity!.id).toBe('a0000001');
    expect(opens).toEqual(['flash starts', 'flash ends', 'open /dev/ttyACM0']);
    await source.close();
  });

  it('says which board is missing, what was tried and what to do when a rig board is not plugged in', async () => {
    const devices = [fakeBoard({ id: 'a0000001', path: '/dev/ttyACM0' })];
    const source = nodeHardwareSource({
      rig,
      binding: portsOf(devices),
      listPorts: async () => [{ path: '/dev/ttyACM0', likely: true }],
      timeouts: { bootWaitMs: 50, openMs: 300 },
    });
    await expect(source.open(rig.boards[3]!)).rejects.toThrow(
      /board a0000004 \(answer\) was not found on any free serial port \(tried \/dev\/ttyACM0\)\. Is it plugged in\? `neuroboard ports`/,
    );
    await source.close();
  });

  it('refuses a Firmata board with no port in the rig (bad input: firmata without port)', async () => {
    const source = nodeHardwareSource({ rig, binding: portsOf([]), listPorts: async () => [] });
    await expect(source.open({ ...rig.boards[0]!, transport: 'firmata' })).rejects.toThrow(/Firmata, which has no board id: give it a "port"/);
  });

  it('never offers a press on hardware: the source has no emulated boards', () => {
    const source = nodeHardwareSource({ rig, binding: portsOf([]), listPorts: async () => [] });
    expect(emulatedBoardsOf(source)).toBeNull();
    expect('press' in source).toBe(false);
  });
});
