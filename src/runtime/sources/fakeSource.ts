/**
 * Boards for the exhibit from the fast in-process fake (src/sim/fake), reached through the same
 * SerialNeuronBoard code path as hardware. For unit tests, `--fast` scenarios and big soak runs.
 */
import type { FakeClock } from '../../sim/fake/clock.js';
import { FakeBoard } from '../../sim/fake/fakeBoard.js';
import { SerialNeuronBoard } from '../../transports/serialBoard.js';
import type { BoardSource } from '../exhibit.js';
import type { RigBoard } from '../rig/schema.js';
import type { ResolvedRig } from '../rig/validate.js';
import { openConfigured } from './configureChannels.js';
import { EmulatedBoardSource } from './emulatedSource.js';

export interface FakeSourceOptions {
  /** The boards' clock (debounce, millis, silence watchdog); default the system clock. */
  clock?: FakeClock;
}

export class FakeBoardSource extends EmulatedBoardSource<FakeBoard> implements BoardSource {
  readonly kind = 'fake' as const;

  constructor(rig: ResolvedRig, options: FakeSourceOptions = {}) {
    super();
    for (const board of rig.boards) {
      const path = `fake:${board.profile}:${board.id}`;
      this.devices.set(board.id, new FakeBoard({ id: board.id, board: board.profile, path, ...(options.clock ? { clock: options.clock } : {}) }));
    }
  }

  async open(spec: RigBoard): Promise<SerialNeuronBoard> {
    const device = this.devices.get(spec.id)!;
    const board = new SerialNeuronBoard({ path: device.path, binding: device.binding, transport: 'fake' });
    return this.openTracked(board, (b) => openConfigured(b, spec));
  }

  async close(): Promise<void> {
    await this.closeOpened();
  }
}
