/**
 * Discovery meets a Firmata board: a port where StandardFirmata runs (in the emulator) is reported
 * as a Firmata board with what to do, and the rig boards on the other ports are still found.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { HardwareBoardSource } from '../../src/runtime/sources/hardwareSource.js';
import { firmataHex } from '../../src/hosts/node/firmataHex.js';
import { probeFirmata } from '../../src/hosts/node/firmataProbe.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';
import { nodeHardwareSource } from '../../src/hosts/node/boardSources.js';

let hex = '';
beforeAll(async () => {
  hex = await firmataHex('uno', { timeoutMs: 50_000 });
}, 60_000);

describe('discovery with a Firmata board on one port', () => {
  it('probeFirmata recognises StandardFirmata and not our firmware', async () => {
    const registry = nodeSimRegistry({ mode: 'realtime' });
    registry.create('uno', { path: 'sim:firmata', firmware: hex, id: null });
    registry.create('uno', { path: 'sim:ours', id: 'a0000001' });
    registry.clock.start();
    try {
      // Generous: a loaded CI machine runs the emulator slower than real time.
      expect(await probeFirmata('sim:firmata', registry.binding, { timeoutMs: 15_000 })).toEqual({ major: 2, minor: expect.any(Number) });
      expect(await probeFirmata('sim:ours', registry.binding, { timeoutMs: 1500 })).toBeNull();
      expect(await probeFirmata('sim:nothing-here', registry.binding)).toBeNull();
    } finally {
      registry.clear();
    }
  }, 60_000);

  it('reports the Firmata port with what to do and still finds the rig board behind it', async () => {
    const rig = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
    const registry = nodeSimRegistry({ mode: 'realtime' });
    registry.create('uno', { path: '/dev/ttyACM0', firmware: hex, id: null });
    registry.create('uno', { path: '/dev/ttyACM1', id: 'a0000001' });
    registry.clock.start();
    const logs: string[] = [];
    const source = nodeHardwareSource({
      rig,
      binding: registry.binding,
      listPorts: async () => (await registry.list()).map((p) => ({ path: p.path, likely: true })),
      log: (_l, m) => logs.push(m),
      // The open's DTR reset runs the emulated bootloader (1 s of board time before the sketch), and a
      // loaded CI machine runs the emulator slower than real time, all the more beside StandardFirmata,
      // which never sleeps (every one of its cycles is emulated): twice the real default open budget
      // (6 s was too short once in CI: our board on the second port did not announce itself in time).
      timeouts: { bootWaitMs: 200, replyMs: 1000, openMs: 12_000 },
      firmataProbeMs: 15_000,
    });
    try {
      const board = await source.open(rig.boards[0]!).catch((err: Error) => {
        throw new Error(`${err.message}\nsource log:\n${logs.join('\n')}`);
      });
      expect(board.path).toBe('/dev/ttyACM1');
      expect(logs.join('\n')).toMatch(/\/dev\/ttyACM0: a Firmata board \(protocol 2\.\d+\) is there, not our firmware.*"transport": "firmata"/);
    } finally {
      await source.close();
      registry.clear();
    }
  }, 90_000);
});
