/**
 * Boards for the exhibit from the emulator: each rig board is the committed firmware hex running in
 * avr8js, reached through SimBinding and the same SerialNeuronBoard code path as hardware. This is
 * how `npm start` runs with nothing plugged in, and how CI tests whole exhibits.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { firmataHex } from '../../hosts/node/firmataHex.js';
import { nodeSimRegistry, type NodeClockOptions } from '../../hosts/node/simBoards.js';
import type { SimRegistry } from '../../sim/simBinding.js';
import type { NeuronBoard } from '../../transports/board.js';
import { FirmataNeuronBoard } from '../../hosts/node/firmataBoard.js';
import type { SimBoard } from '../../sim/avr/simBoard.js';
import { SerialNeuronBoard, type BoardTimeouts } from '../../transports/serialBoard.js';
import type { BoardSource } from '../exhibit.js';
import type { RigBoard } from '../rig/schema.js';
import { channelsNeeded, type ResolvedRig } from '../rig/validate.js';
import { openConfigured } from './configureChannels.js';
import { EmulatedBoardSource } from './emulatedSource.js';

export interface SimSourceOptions {
  clock?: NodeClockOptions;
  /** The kinds of board it can emulate; default the shipped ones. */
  catalogue?: BoardCatalogue;
  timeouts?: Partial<BoardTimeouts>;
}

export class SimBoardSource extends EmulatedBoardSource<SimBoard> implements BoardSource {
  readonly kind = 'sim' as const;
  readonly registry: SimRegistry;
  private readonly timeouts: Partial<BoardTimeouts>;

  constructor(rig: ResolvedRig, options: SimSourceOptions = {}) {
    super();
    this.registry = nodeSimRegistry({ mode: 'realtime', ...options.clock }, options.catalogue);
    this.timeouts = options.timeouts ?? {};
    for (const board of rig.boards) {
      if (board.transport === 'firmata') continue; // created on first open: its hex is fetched then
      // A fresh board from the factory: it knows its id (as if SETID had been sent once) and uses one channel.
      this.devices.set(board.id, this.registry.create(board.profile, { path: `sim:${board.profile}:${board.id}`, id: board.id }));
    }
    this.registry.clock.start();
  }

  async open(spec: RigBoard): Promise<NeuronBoard> {
    if (spec.transport === 'firmata') return this.openFirmata(spec);
    const device = this.devices.get(spec.id)!;
    const board = new SerialNeuronBoard({ path: device.path, binding: this.registry.binding, catalogue: this.catalogue, transport: 'sim', timeouts: this.timeouts });
    return this.openTracked(board, (b) => openConfigured(b, spec));
  }

  /** A Firmata rig board runs StandardFirmata (fetched once into .cache/) in the emulator, through johnny-five. */
  private async openFirmata(spec: RigBoard): Promise<NeuronBoard> {
    let device = this.devices.get(spec.id);
    if (!device) {
      const firmware = await firmataHex(spec.profile);
      device = this.devices.get(spec.id) ?? this.registry.create(spec.profile, { path: `sim:${spec.profile}:${spec.id}`, firmware, id: null });
      this.devices.set(spec.id, device);
    }
    const profile = this.catalogue.get(spec.profile);
    const count = channelsNeeded(spec);
    const board = new FirmataNeuronBoard({
      path: device.path,
      binding: this.registry.binding,
      id: spec.id,
      ledPins: profile.channels.ledPins.slice(0, count),
      buttonPins: profile.channels.buttonPins.slice(0, count),
    });
    await this.openTracked(board, (b) => b.open());
    return board;
  }

  get catalogue(): BoardCatalogue {
    return this.registry.catalogue;
  }

  protected override isPowered(device: SimBoard): boolean {
    return device.plugged;
  }

  /** Unplugged, or reset and still in its bootloader (which ignores the button): a press now is lost. */
  protected override unready(device: SimBoard): string | null {
    if (!device.plugged) return 'unplugged';
    return device.avr.inBootloader ? 'resetting (its bootloader runs)' : null;
  }

  async close(): Promise<void> {
    await this.closeOpened();
    this.registry.clear();
  }
}
