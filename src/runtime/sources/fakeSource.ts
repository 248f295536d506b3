/**
 * Boards for the exhibit from the fast in-process fake (src/sim/fake), reached through the same
 * SerialNeuronBoard code path as hardware. For unit tests, `--fast` scenarios and big soak runs. The
 * host gives it the serial line the fakes talk over (the Node host: @serialport/binding-mock).
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import type { FakeClock } from '../../sim/fake/clock.js';
import { FakeBoard, type FakeBoardOptions } from '../../sim/fake/fakeBoard.js';
import { SerialNeuronBoard } from '../../transports/serialBoard.js';
import type { BoardSource } from '../boardSource.js';
import type { RigBoard } from '../rig/schema.js';
import type { ResolvedRig } from '../rig/validate.js';
import { openConfigured } from './configureChannels.js';
import { EmulatedBoardSource } from './emulatedSource.js';

export interface FakeSourceOptions {
  /** The kinds of board there are. */
  catalogue: BoardCatalogue;
  /** Makes the serial line between the host and each fake board. */
  link: FakeBoardOptions['link'];
  /** The boards' clock (debounce, millis, silence watchdog); default the system clock. */
  clock?: FakeClock;
}

export class FakeBoardSource extends EmulatedBoardSource<FakeBoard> implements BoardSource {
  readonly kind = 'fake' as const;
  readonly catalogue: BoardCatalogue;

  constructor(rig: ResolvedRig, options: FakeSourceOptions) {
    super();
    this.catalogue = options.catalogue;
    for (const board of rig.boards) {
      const path = `fake:${board.profile}:${board.id}`;
      const profile = this.catalogue.get(board.profile);
      this.devices.set(board.id, new FakeBoard({ profile, link: options.link, id: board.id, path, ...(options.clock ? { clock: options.clock } : {}) }));
    }
  }

  async open(spec: RigBoard): Promise<SerialNeuronBoard> {
    const device = this.devices.get(spec.id)!;
    const board = new SerialNeuronBoard({ path: device.path, binding: device.binding, catalogue: this.catalogue, transport: 'fake' });
    return this.openTracked(board, (b) => openConfigured(b, spec));
  }

  async close(): Promise<void> {
    await this.closeOpened();
  }
}
