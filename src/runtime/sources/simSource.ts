/**
 * Boards for the exhibit from the emulator: each rig board is the committed firmware hex running in
 * avr8js, reached through SimBinding and the same SerialNeuronBoard code path as hardware. This is
 * how `npm start` runs with nothing plugged in, and how CI tests whole exhibits. The host gives it
 * the registry of emulated boards (their clock, catalogue and hex files) and, if it has them, Firmata
 * boards for rig boards with `"transport": "firmata"`.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { NbError } from '../../core/errors.js';
import type { SimBoard } from '../../sim/avr/simBoard.js';
import type { SimRegistry } from '../../sim/simBinding.js';
import type { NeuronBoard } from '../../transports/board.js';
import { SerialNeuronBoard, type BoardTimeouts } from '../../transports/serialBoard.js';
import type { BoardSource } from '../boardSource.js';
import type { RigBoard } from '../rig/schema.js';
import type { ResolvedRig } from '../rig/validate.js';
import { openConfigured } from './configureChannels.js';
import { EmulatedBoardSource } from './emulatedSource.js';
import { firmataPins, type FirmataBoards } from './firmataBoards.js';

export interface SimSourceOptions {
  /** The emulated boards' registry (started here). */
  registry: SimRegistry;
  /** StandardFirmata boards, on a host that has them. */
  firmata?: FirmataBoards | null;
  timeouts?: Partial<BoardTimeouts>;
}

export class SimBoardSource extends EmulatedBoardSource<SimBoard> implements BoardSource {
  readonly kind = 'sim' as const;
  readonly registry: SimRegistry;
  private readonly timeouts: Partial<BoardTimeouts>;
  private readonly firmata: FirmataBoards | null;

  constructor(rig: ResolvedRig, options: SimSourceOptions) {
    super();
    this.registry = options.registry;
    this.firmata = options.firmata ?? null;
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

  /** A Firmata rig board runs StandardFirmata in the emulator (its image from the host), through the host's Firmata boards. */
  private async openFirmata(spec: RigBoard): Promise<NeuronBoard> {
    const firmata = this.firmata;
    if (!firmata) throw new NbError('NB_ERR_INVALID_RIG', `board ${spec.id} uses Firmata, which this host cannot drive: give it our firmware ("transport": "serial")`);
    let device = this.devices.get(spec.id);
    if (!device) {
      const firmware = await firmata.firmware(spec.profile);
      device = this.devices.get(spec.id) ?? this.registry.create(spec.profile, { path: `sim:${spec.profile}:${spec.id}`, firmware, id: null });
      this.devices.set(spec.id, device);
    }
    const board = firmata.board({
      path: device.path,
      binding: this.registry.binding,
      id: spec.id,
      ...firmataPins(this.catalogue, spec),
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
