/**
 * Boards for the exhibit from real serial ports. A rig board is found by the id its firmware
 * announces, so cables can be swapped between USB sockets freely; a board the rig pins to a port (and
 * every Firmata board, which has no id) is opened there directly.
 *
 * Opening an Uno resets it, so every port is opened at most once per search: a board found while
 * looking for another rig board is kept open ("parked") for its own supervisor, and a board that is
 * not in the rig is reported once, not guessed at.
 *
 * The host gives it the ports: a serial binding, a way to list them, and, if it has them, Firmata
 * boards (the Node host: serialport's native binding, its port listing and johnny-five,
 * src/hosts/node/boardSources.ts). A browser host would list the ports a person granted.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { NbError } from '../../core/errors.js';
import type { SerialBinding } from '../../platform/serialBinding.js';
import type { NeuronBoard } from '../../transports/board.js';
import { SerialNeuronBoard, type BoardTimeouts } from '../../transports/serialBoard.js';
import type { BoardSource } from '../boardSource.js';
import type { RigBoard } from '../rig/schema.js';
import type { ResolvedRig } from '../rig/validate.js';
import { boardNameOf } from '../rig/words.js';
import { configureChannels } from './configureChannels.js';
import { firmataPins, type FirmataBoards } from './firmataBoards.js';

/** A serial port as a listing shows it: its path, and whether a board of ours is likely on it (a known USB chip). */
export interface ListedPort {
  path: string;
  likely: boolean;
}

/** Something a search saw on a port that is not the board it looked for: a board the rig lacks, or no answer of ours. */
export interface PortNote {
  path: string;
  /** The id the board there announced, which the rig does not have; null when the port gave no usable answer. */
  strangerId: string | null;
  /** What was logged about it. */
  message: string;
}

export interface HardwareSourceOptions {
  rig: ResolvedRig;
  /** The kinds of board there are (which USB chips may hold one, what a board may announce). */
  catalogue: BoardCatalogue;
  /** The ports' binding (a host may load it at the first open). */
  binding: SerialBinding | (() => Promise<SerialBinding>);
  listPorts: () => Promise<ListedPort[]>;
  /** StandardFirmata boards, on a host that has them. */
  firmata?: FirmataBoards | null;
  log?: (level: 'info' | 'warn', message: string) => void;
  /** Handshake and reply timeouts of the serial boards (defaults suit real Unos). */
  timeouts?: Partial<BoardTimeouts>;
  /** How long to wait for a Firmata answer on a port that did not speak our protocol. */
  firmataProbeMs?: number;
}

export class HardwareBoardSource implements BoardSource {
  readonly kind = 'hardware' as const;
  readonly catalogue: BoardCatalogue;
  private readonly rigIds: Set<string>;
  private readonly rig: ResolvedRig;
  private readonly binding: SerialBinding | (() => Promise<SerialBinding>);
  private readonly listPorts: () => Promise<ListedPort[]>;
  private readonly firmata: FirmataBoards | null;
  private readonly log: (level: 'info' | 'warn', message: string) => void;
  /** Ports in use by an open board, by path. */
  private readonly held = new Map<string, NeuronBoard>();
  /** Rig boards found while looking for another one, kept open for their own supervisor. */
  private readonly parked = new Map<string, SerialNeuronBoard>();
  private readonly reported = new Set<string>();
  private readonly notes = new Map<string, PortNote>();
  private searching: Promise<unknown> = Promise.resolve();
  private readonly timeouts: Partial<BoardTimeouts>;
  private readonly firmataProbeMs: number;

  constructor(options: HardwareSourceOptions) {
    this.rigIds = new Set(options.rig.boards.map((b) => b.id));
    this.rig = options.rig;
    this.catalogue = options.catalogue;
    this.binding = options.binding;
    this.listPorts = options.listPorts;
    this.firmata = options.firmata ?? null;
    this.log = options.log ?? (() => undefined);
    this.timeouts = options.timeouts ?? {};
    this.firmataProbeMs = options.firmataProbeMs ?? 4000;
  }

  open(spec: RigBoard): Promise<NeuronBoard> {
    if (spec.transport === 'firmata') return this.openFirmata(spec);
    // One search at a time: two supervisors must not open (and reset) the same port at once.
    const result = this.searching.then(() => this.find(spec));
    this.searching = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `work` between searches, so no search opens (and resets) a port meanwhile: flashing a board
   * that is plugged in beside the rig's must not meet a search opening its port.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.searching.then(work);
    this.searching = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await Promise.all([...this.parked.values()].map((b) => b.close()));
    await Promise.all([...this.held.values()].map((b) => b.close()));
  }

  private async find(spec: RigBoard): Promise<NeuronBoard> {
    const parked = this.parked.get(spec.id);
    if (parked) {
      this.parked.delete(spec.id);
      return configureChannels(parked, spec);
    }
    const candidates = spec.port ? [spec.port] : (await this.listPorts()).filter((p) => p.likely).map((p) => p.path);
    const tried: string[] = [];
    for (const path of candidates) {
      if (this.held.has(path)) continue;
      tried.push(path);
      const board = new SerialNeuronBoard({ path, binding: await this.ports(), catalogue: this.catalogue, transport: 'serial', timeouts: this.timeouts });
      let id: string;
      try {
        id = (await board.open()).id;
      } catch (err) {
        this.notes.set(path, { path, strangerId: null, message: (err as Error).message });
        if (!this.reported.has(path)) {
          const firmata = (await this.firmata?.probe(path, await this.ports(), this.firmataProbeMs)) ?? null;
          this.reportOnce(
            path,
            firmata
              ? `${path}: a Firmata board (protocol ${firmata.major}.${firmata.minor}) is there, not our firmware. To use it, ` +
                  'give its rig board "transport": "firmata" and "port": "' + path + '", or flash it with `neuroboard flash`.'
              : `${path}: ${(err as Error).message}`,
          );
        }
        continue;
      }
      this.track(path, board);
      if (id === spec.id) {
        this.notes.delete(path);
        return configureChannels(board, spec);
      }
      if (this.rigIds.has(id)) {
        this.notes.delete(path);
        this.parked.set(id, board);
        continue;
      }
      this.notes.set(path, { path, strangerId: id, message: `board ${id} on ${path} is not in the rig` });
      this.reportOnce(`${path}:${id}`, `board ${id} on ${path} is not in the rig; add it to the rig file or give it a rig id with SETID`);
      await board.close();
    }
    throw new NbError(
      'NB_ERR_BOARD_OFFLINE',
      `board ${spec.id}${spec.name === undefined ? '' : ` (${boardNameOf(this.rig, spec)})`} was not found on ${
        tried.length > 0 ? `any free serial port (tried ${tried.join(', ')})` : 'any serial port: none is free or plugged in'
      }. Is it plugged in? \`neuroboard ports\` lists what answers.`,
    );
  }

  /**
   * What the searches saw on ports that held no rig board, the latest per port (a page shows what is
   * missing with it: "board 3f2a91c0 on webserial:2 is not in this exhibit").
   */
  portNotes(): PortNote[] {
    return [...this.notes.values()];
  }

  private async openFirmata(spec: RigBoard): Promise<NeuronBoard> {
    if (!spec.port) {
      throw new NbError('NB_ERR_INVALID_RIG', `board ${spec.id} uses Firmata, which has no board id: give it a "port" in the rig`);
    }
    if (!this.firmata) throw new NbError('NB_ERR_INVALID_RIG', `board ${spec.id} uses Firmata, which this host cannot drive: give it our firmware ("transport": "serial")`);
    const board = this.firmata.board({
      path: spec.port,
      binding: await this.ports(),
      id: spec.id,
      ...firmataPins(this.catalogue, spec),
    });
    await board.open();
    this.track(spec.port, board);
    return board;
  }

  private async ports(): Promise<SerialBinding> {
    return typeof this.binding === 'function' ? this.binding() : this.binding;
  }

  private track(path: string, board: NeuronBoard): void {
    this.held.set(path, board);
    board.on('close', () => {
      if (this.held.get(path) === board) this.held.delete(path);
    });
  }

  private reportOnce(key: string, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.log('warn', message);
  }
}

