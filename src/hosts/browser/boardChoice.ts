/**
 * Which boards the exhibit in a browser runs on: the emulated ones (the real firmware in avr8js, what
 * a site starts with) or real ones over Web Serial, switched while the page stays open. Switching stops
 * the exhibit (it saves, closes its boards and lets go of its store) and opens it again on the other
 * source through the host's own opener, so the trained network, the corpus and the lessons carry over
 * through the store as they do across a reload.
 *
 * It runs where the exhibit runs (the site's worker, or a page): the page asks for a port with the
 * person's click (WebSerialPorts.request()), and a grant made in a page is in every getPorts() of the
 * same origin, so the real boards' source finds it at its next search.
 */
import { NbError } from '../../core/errors.js';
import type { BoardSource } from '../../runtime/boardSource.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import type { HardwareBoardSource } from '../../runtime/sources/hardwareSource.js';
import type { ResolvedRig } from '../../runtime/rig/validate.js';
import type { BoardTimeouts } from '../../transports/serialBoard.js';
import { browserScheduler } from './browserScheduler.js';
import { flashAndSetId, type BoardFlashDeps, type BoardFlashOutcome, type BoardFlashRequest } from './flashInWorker.js';
import { realBoardsReport, type RealBoardsReport } from './realBoardsReport.js';
import { webSerialBoardSource } from './webSerialSource.js';
import { NO_WEB_SERIAL, type WebSerialPorts } from './webSerialPorts.js';

export type BoardsInUse = 'emulated' | 'real';

export interface BoardChoiceOptions {
  rig: ResolvedRig;
  /** The granted ports; null where the browser has no Web Serial (the emulated boards still run). */
  ports: WebSerialPorts | null;
  /** A fresh source of emulated boards for the rig. */
  emulated: () => BoardSource;
  /** The host's opener: the exhibit on `source`, from what its store holds, started. */
  open: (source: BoardSource) => Promise<Exhibit>;
  log?: (level: 'info' | 'warn', message: string) => void;
  timeouts?: Partial<BoardTimeouts>;
  /** The clock the report's "still looking" spell is measured on (default the browser's). */
  now?: () => number;
}

/**
 * After a switch or a port coming, how long a board not found yet is reported as looked for rather
 * than missing: a search opens each port (resetting its board: BOOT about 1.5 s later) one at a time.
 */
const LOOKING_MS = 5000;

export class BoardChoice {
  private current: Exhibit | null = null;
  private hardware: HardwareBoardSource | null = null;
  private inUse: BoardsInUse = 'emulated';
  private switching: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  /** When the real boards were last chosen or a port came. */
  private lookedSince = -Infinity;

  constructor(private readonly options: BoardChoiceOptions) {
    this.now = options.now ?? (() => browserScheduler.now());
    options.ports?.watch(() => {
      this.lookedSince = this.now();
    });
  }

  /** The exhibit now (null before the first `use`). */
  get exhibit(): Exhibit | null {
    return this.current;
  }

  get using(): BoardsInUse {
    return this.inUse;
  }

  /** Runs the exhibit on `kind` of boards (again, when it already does: a fresh search). One switch at a time. */
  use(kind: BoardsInUse): Promise<Exhibit> {
    const next = this.switching.then(() => this.switchTo(kind));
    this.switching = next.catch(() => undefined);
    return next;
  }

  /** What the real boards' panel shows: null while the emulated boards run. */
  report(): RealBoardsReport | null {
    if (this.inUse !== 'real' || !this.current || !this.hardware || !this.options.ports) return null;
    const looking = this.now() - this.lookedSince < LOOKING_MS;
    return realBoardsReport(this.current.state().boards, this.options.ports.list(), this.hardware.portNotes(), looking);
  }

  /**
   * Flashes the board on `request.path` (flashInWorker.ts: the CLI's STK500 flasher, then SETID)
   * between the real boards' searches, so no search opens and resets that port while it is written.
   */
  flash(request: BoardFlashRequest, deps: Pick<BoardFlashDeps, 'files' | 'onProgress' | 'log'>): Promise<BoardFlashOutcome> {
    const { ports } = this.options;
    if (!ports) return Promise.reject(new NbError('NB_ERR_PORT_OPEN', `boards cannot be flashed here: ${NO_WEB_SERIAL}`));
    const work = async (): Promise<BoardFlashOutcome> => {
      await ports.refresh();
      return flashAndSetId(request, { ...deps, binding: ports.binding, catalogue: ports.catalogue });
    };
    return this.hardware ? this.hardware.exclusive(work) : work();
  }

  /** Stops the exhibit (saved, boards closed). */
  async stop(): Promise<void> {
    await this.switching;
    await this.current?.stop();
    this.current = null;
    this.hardware = null;
  }

  private async switchTo(kind: BoardsInUse): Promise<Exhibit> {
    const { ports } = this.options;
    if (kind === 'real' && !ports) throw new NbError('NB_ERR_PORT_OPEN', `real boards cannot be used here: ${NO_WEB_SERIAL}`);
    await this.current?.stop();
    this.current = null;
    this.hardware = null;
    let source: BoardSource;
    if (kind === 'real') {
      this.lookedSince = this.now();
      await ports!.refresh();
      this.hardware = webSerialBoardSource({
        rig: this.options.rig,
        ports: ports!,
        ...(this.options.log ? { log: this.options.log } : {}),
        ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
      });
      source = this.hardware;
    } else {
      source = this.options.emulated();
    }
    this.inUse = kind;
    this.current = await this.options.open(source);
    return this.current;
  }
}
