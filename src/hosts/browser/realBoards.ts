/**
 * Real boards over Web Serial, for whoever runs the exhibit in a browser (the site's worker, or a
 * page): it makes the runtime's hardware source over the granted ports (webSerialSource.ts) when the
 * host switches its exhibit to real boards, says what was found and what is missing in words a
 * teacher follows (realBoardsReport.ts), and flashes a board (flashInWorker.ts: the CLI's STK500
 * flasher, then SETID) between that source's searches, so no search opens and resets the port being
 * written. Switching itself is the host's (stop the exhibit, open it again from its store on the
 * other source): the site's worker does it in exhibitWorker.ts.
 *
 * A grant made in a page (WebSerialPorts.request(), from the person's click) is in every getPorts()
 * of the same origin, a worker's too, so the source finds a board chosen in the page at its next search.
 */
import { NbError } from '../../core/errors.js';
import type { BoardState } from '../../runtime/rigBoards.js';
import type { HardwareBoardSource } from '../../runtime/sources/hardwareSource.js';
import type { ResolvedRig } from '../../runtime/rig/validate.js';
import type { BoardTimeouts } from '../../transports/serialBoard.js';
import { browserScheduler } from './browserScheduler.js';
import { flashAndSetId, type BoardFlashDeps, type BoardFlashOutcome, type BoardFlashRequest } from './flashInWorker.js';
import { realBoardsReport, type RealBoardsReport } from './realBoardsReport.js';
import { webSerialBoardSource } from './webSerialSource.js';
import type { WebSerialPorts } from './webSerialPorts.js';

export interface RealBoardsOptions {
  log?: (level: 'info' | 'warn', message: string) => void;
  timeouts?: Partial<BoardTimeouts>;
  /** The clock the report's "still looking" spell is measured on (default the browser's). */
  now?: () => number;
}

/**
 * After the real boards are chosen or a port comes, how long a board not found yet is reported as
 * looked for rather than missing: a search opens each port (resetting its board: BOOT about 1.5 s
 * later) one at a time.
 */
const LOOKING_MS = 5000;

export class RealBoards {
  private hardware: HardwareBoardSource | null = null;
  private readonly now: () => number;
  /** When the real boards were last chosen or a port came. */
  private lookedSince = -Infinity;

  constructor(
    readonly ports: WebSerialPorts,
    private readonly options: RealBoardsOptions = {},
  ) {
    this.now = options.now ?? (() => browserScheduler.now());
    ports.watch(() => {
      this.lookedSince = this.now();
    });
  }

  /** A source of the rig's boards on the granted ports, for the exhibit the host opens next (the last one made is the one reported on). */
  source(rig: ResolvedRig): HardwareBoardSource {
    this.lookedSince = this.now();
    this.hardware = webSerialBoardSource({
      rig,
      ports: this.ports,
      ...(this.options.log ? { log: this.options.log } : {}),
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
    });
    return this.hardware;
  }

  /** The host's exhibit no longer runs on real boards. */
  released(): void {
    this.hardware = null;
  }

  /** What the "Connect boards" panel shows, for the exhibit's `boards` as it sees them now. */
  report(boards: readonly BoardState[]): RealBoardsReport {
    const looking = this.now() - this.lookedSince < LOOKING_MS;
    return realBoardsReport(boards, this.ports.list(), this.hardware?.portNotes() ?? [], looking);
  }

  /**
   * The port of the board a person chose in a page, for a worker, whose port names are its own: the
   * one granted port with the chosen board's USB ids (a SerialPort cannot be handed to a worker). With
   * two such boards plugged in, nothing says which was chosen, so it asks for the other to be unplugged.
   */
  async portOfChosen(usb: { vendorId?: string; productId?: string }): Promise<string> {
    const same = (await this.ports.refresh()).filter((p) => p.vendorId === usb.vendorId && p.productId === usb.productId);
    if (same.length === 1) return same[0]!.path;
    const what = usb.vendorId ? `USB ${usb.vendorId}:${usb.productId ?? '????'}` : 'that kind';
    throw new NbError(
      'NB_ERR_PORT_OPEN',
      same.length === 0
        ? `the board chosen (${what}) is not among the ports this page may use: plug it in and choose it again.`
        : `${same.length} boards with the same USB chip (${what}) are plugged in, and the browser does not say which one was chosen: unplug the others while this one is flashed, then choose it again.`,
      { field: 'port' },
    );
  }

  /**
   * Flashes the board on `request.path` between the real boards' searches, so no search opens and
   * resets that port while it is written.
   */
  flash(request: BoardFlashRequest, deps: Pick<BoardFlashDeps, 'files' | 'onProgress' | 'log'>): Promise<BoardFlashOutcome> {
    const work = async (): Promise<BoardFlashOutcome> => {
      await this.ports.refresh();
      if (!this.ports.list().some((p) => p.path === request.path)) {
        throw new NbError('NB_ERR_PORT_OPEN', `${request.path} is not plugged in any more: plug the board in, choose it again and flash it.`, { field: 'port' });
      }
      return flashAndSetId(request, { ...deps, binding: this.ports.binding, catalogue: this.ports.catalogue });
    };
    return this.hardware ? this.hardware.exclusive(work) : work();
  }
}
