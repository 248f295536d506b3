/**
 * The exhibit's board sources on Node: the runtime's sources (src/runtime/sources) given what only
 * Node has: the emulated boards' registry on the Node scheduler with the package's hex files, the
 * fake boards' binding-mock line, serialport's native binding and port listing, and StandardFirmata
 * through johnny-five. The CLI, the scenario runner, the benches and the tests make sources here.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import type { FakeClock } from '../../sim/fake/clock.js';
import type { BoardSource } from '../../runtime/boardSource.js';
import { FakeBoardSource } from '../../runtime/sources/fakeSource.js';
import type { FirmataBoards } from '../../runtime/sources/firmataBoards.js';
import { HardwareBoardSource, type HardwareSourceOptions } from '../../runtime/sources/hardwareSource.js';
import { SimBoardSource } from '../../runtime/sources/simSource.js';
import type { ResolvedRig } from '../../runtime/rig/validate.js';
import type { BoardTimeouts } from '../../transports/serialBoard.js';
import { shippedCatalogue } from './boardFiles.js';
import { FirmataNeuronBoard } from './firmataBoard.js';
import { firmataHex } from './firmataHex.js';
import { probeFirmata } from './firmataProbe.js';
import { mockSerialLink } from './mockSerialLink.js';
import { listSerialPorts } from './portList.js';
import { nativeSerialBinding } from './serialportBindings.js';
import { nodeSimRegistry, type NodeClockOptions } from './simBoards.js';

export type BoardMode = 'sim' | 'fake' | 'hardware';

/** StandardFirmata on Node: johnny-five boards, the version probe, and the firmware fetched once into .cache/. */
export const nodeFirmata: FirmataBoards = {
  board: (spec) => new FirmataNeuronBoard(spec),
  probe: (path, binding, timeoutMs) => probeFirmata(path, binding, { timeoutMs }),
  firmware: (profile) => firmataHex(profile),
};

/** The rig's boards emulated (the real firmware in avr8js), on a realtime clock unless `clock` says otherwise. */
export function nodeSimSource(rig: ResolvedRig, options: { clock?: NodeClockOptions; catalogue?: BoardCatalogue; timeouts?: Partial<BoardTimeouts> } = {}): SimBoardSource {
  return new SimBoardSource(rig, {
    registry: nodeSimRegistry({ mode: 'realtime', ...options.clock }, options.catalogue),
    firmata: nodeFirmata,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
}

/** The rig's boards as fast in-process fakes over binding-mock. */
export function nodeFakeSource(rig: ResolvedRig, options: { clock?: FakeClock; catalogue?: BoardCatalogue } = {}): FakeBoardSource {
  return new FakeBoardSource(rig, { catalogue: options.catalogue ?? shippedCatalogue(), link: mockSerialLink, ...(options.clock ? { clock: options.clock } : {}) });
}

/** Real boards on this machine's serial ports (the native binding, loaded at the first open). */
export function nodeHardwareSource(
  options: Omit<HardwareSourceOptions, 'catalogue' | 'binding' | 'listPorts'> & Partial<Pick<HardwareSourceOptions, 'catalogue' | 'binding' | 'listPorts'>>,
): HardwareBoardSource {
  const catalogue = options.catalogue ?? shippedCatalogue();
  return new HardwareBoardSource({
    firmata: nodeFirmata,
    ...options,
    catalogue,
    binding: options.binding ?? nativeSerialBinding,
    listPorts: options.listPorts ?? (() => listSerialPorts(catalogue)),
  });
}

/** The source `mode` names, for the rig. */
export function createSource(rig: ResolvedRig, mode: BoardMode, log?: (level: 'info' | 'warn' | 'error', message: string) => void): BoardSource {
  switch (mode) {
    case 'sim':
      return nodeSimSource(rig);
    case 'fake':
      return nodeFakeSource(rig);
    case 'hardware':
      return nodeHardwareSource({ rig, ...(log ? { log: (l, m) => log(l, m) } : {}) });
  }
}
