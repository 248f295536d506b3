/**
 * Adding a board is adding a file: a Leonardo (test/fixtures/catalogue/leonardo.json: its native USB
 * ids, the ATmega32U4's signature, its pins) goes through every code path that reads the catalogue
 * — port listing's vendor match, rig validation of the board kind and its channels, the transport
 * judging what a board announces, the flasher naming a chip by its signature, the supervisor's
 * bootloader timing — with no code changed. (The emulator has no ATmega32U4 register map, and says so.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardCatalogue } from '../../src/catalogue/boardCatalogue.js';
import { flashBoard, programBytes } from '../../src/flash/flashBoard.js';
import { simTiming } from '../../src/flash/simTiming.js';
import { loadCatalogue } from '../../src/hosts/node/boardFiles.js';
import { mockSerialLink } from '../../src/hosts/node/mockSerialLink.js';
import { listSerialPorts } from '../../src/hosts/node/portList.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';
import { BOARDS_DIR, PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { profileLimits, validateRig } from '../../src/runtime/rig/load.js';
import { bootloaderListensMs } from '../../src/runtime/bootloaderQuiet.js';
import { FakeBoard } from '../../src/sim/fake/fakeBoard.js';
import type { SimRegistry } from '../../src/sim/simBinding.js';
import { SerialNeuronBoard } from '../../src/transports/serialBoard.js';
import { catalogue as shipped } from '../helpers/boards.js';

const fixture = loadCatalogue(join(PACKAGE_ROOT, 'test', 'fixtures', 'catalogue'));
/** The shipped boards and the Leonardo together, as a catalogue folder holding the one more file would be. */
const withLeonardo = new BoardCatalogue([...shipped.profiles, ...fixture.profiles]);

const open: { close(): Promise<void> }[] = [];
let registry: SimRegistry | undefined;
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
  registry?.clear();
  registry = undefined;
});

describe('a Leonardo added as one catalogue file', () => {
  it('loads, checked like any profile', () => {
    expect(fixture.names).toEqual(['leonardo']);
    expect(withLeonardo.boardTypes).toEqual(['uno', 'nano', 'mega', 'leonardo']);
  });

  it('port listing: a port of its USB vendor is a likely board, whatever the port is called; other vendors are not', async () => {
    const ports = async () => [
      { path: '/dev/ttyS9', vendorId: '2341', productId: '8036', manufacturer: 'Arduino LLC', serialNumber: undefined, pnpId: undefined, locationId: undefined },
      { path: '/dev/ttyS8', vendorId: '1A86', productId: '7523', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined },
    ];
    expect((await listSerialPorts(fixture, ports)).map((p) => [p.path, p.vendorId, p.likely])).toEqual([
      ['/dev/ttyS9', '2341', true],
      ['/dev/ttyS8', '1a86', false],
    ]);
    // The shipped catalogue knows the CH340 of the Nano clones.
    expect((await listSerialPorts(shipped, ports)).map((p) => p.likely)).toEqual([true, true]);
  });

  it('rig validation: a rig may name it, its channels are its own, and an unknown kind names it among the choices', async () => {
    const xor = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')) as { boards: { profile: string; channels: { channel: number }[] }[] };
    for (const board of xor.boards) board.profile = 'leonardo';
    expect(validateRig(xor, 'leo.json', profileLimits(withLeonardo)).rig.boards[0]!.profile).toBe('leonardo');
    xor.boards[0]!.channels[0]!.channel = 4;
    expect(() => validateRig(xor, 'leo.json', profileLimits(withLeonardo))).toThrow(/channel 4 does not exist on a leonardo, which has channels 0-3/);
    xor.boards[0]!.profile = 'leonardoo';
    expect(() => validateRig(xor, 'leo.json', profileLimits(withLeonardo))).toThrow(/must be one of "uno", "nano", "mega", "leonardo", not "leonardoo"; did you mean "leonardo"\?/);
    expect(() => validateRig({ ...xor, boards: xor.boards.map((b) => ({ ...b, profile: 'leonardo' })) }, 'leo.json', profileLimits(shipped))).toThrow(/must be one of "uno", "nano", "mega", not "leonardo"/);
  });

  it('the transport: a board announcing itself as a leonardo is driven, where the shipped catalogue calls the same line garbage', async () => {
    const device = new FakeBoard({ profile: withLeonardo.get('leonardo'), link: mockSerialLink, id: '1e0a4d00', channels: 4 }); // it does not reset on open (native USB): it answers WHO
    const board = new SerialNeuronBoard({ catalogue: withLeonardo, path: device.path, binding: device.binding, transport: 'fake', timeouts: { bootWaitMs: 20, openMs: 1000 } });
    open.push(board);
    expect(await board.open()).toMatchObject({ board: 'leonardo', id: '1e0a4d00', maxChannels: 4 });
    await board.setLed(3, 200);
    expect(device.levels[3]).toBe(200);

    const elsewhere = new SerialNeuronBoard({ catalogue: shipped, path: device.path, binding: device.binding, transport: 'fake', timeouts: { bootWaitMs: 20, openMs: 300 } });
    open.push(elsewhere);
    await board.close();
    const garbage: string[] = [];
    elsewhere.on('garbage', (_line, reason) => garbage.push(reason));
    await expect(elsewhere.open()).rejects.toMatchObject({ code: 'NB_ERR_BOARD_TIMEOUT' });
    expect(garbage).toContain('board "leonardo" is not one of uno, nano, mega');
  });

  it('the flasher names its chip by signature, and refuses an Uno flashed as a leonardo, naming the ATmega328P and --board uno or nano', { timeout: 60_000 }, async () => {
    expect(withLeonardo.chipOfSignature(Uint8Array.of(0x1e, 0x95, 0x87))).toEqual({ name: 'ATmega32U4', signature: '1e 95 87', pageBytes: 128, boardTypes: ['leonardo'] });
    const reg = (registry = nodeSimRegistry({ mode: 'virtual' }, withLeonardo));
    const sim = reg.create('uno', { id: '3f2a91c0' });
    await reg.clock.runFor(1500);
    const leonardo = withLeonardo.get('leonardo');
    const err = await flashBoard({
      catalogue: withLeonardo,
      binding: reg.binding,
      path: sim.path,
      board: 'leonardo',
      mcu: leonardo.mcu,
      baudRate: 115200,
      pageBytes: leonardo.chip.pageBytes,
      program: programBytes(new Uint8Array(256).fill(0x11)),
      timing: simTiming(reg.clock, () => sim.avr.timeMs),
    }).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_ARGUMENT' });
    expect((err as Error).message).toContain('has an ATmega328P, not the ATmega32U4 of a leonardo: flash it with --board uno or nano. Nothing was written.');
  });

  it('the supervisor: its bootloader timing comes from its file (none listed: no quiet spell), beside the Mega\'s 5 s', () => {
    expect(bootloaderListensMs(withLeonardo, 'leonardo')).toBe(0);
    expect(bootloaderListensMs(withLeonardo, 'mega')).toBe(5000);
  });

  it('the emulator says it has no ATmega32U4 rather than running something else', () => {
    const reg = (registry = nodeSimRegistry({ mode: 'virtual' }, withLeonardo));
    expect(() => reg.create('leonardo')).toThrow(/the emulator cannot run a atmega32u4: it has register maps for atmega328p and atmega2560 only/);
  });
});
