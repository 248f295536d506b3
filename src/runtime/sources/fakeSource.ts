/**
 * Boards for the exhibit from the fast in-process fake (src/sim/fake), reached through the same
 * SerialNeuronBoard code path as hardware. For unit tests, `--fast` scenarios and big soak runs.
 */
import { FakeBoard } from '../../sim/fake/fakeBoard.js';
import { SerialNeuronBoard } from '../../transports/serialBoard.js';
import type { BoardSource } from '../exhibit.js';
import type { RigBoard } from '../rig/schema.js';
import type { ResolvedRig } from '../rig/validate.js';
import { openConfigured } from './configureChannels.js';

export class FakeBoardSource implements BoardSource {
  readonly kind = 'fake' as const;
  /** The fake devices by rig board id, for tests to press, unplug and inspect. */
  readonly devices = new Map<string, FakeBoard>();
  private readonly open_ = new Set<SerialNeuronBoard>();

  constructor(rig: ResolvedRig) {
    for (const board of rig.boards) {
      this.devices.set(board.id, new FakeBoard({ id: board.id, board: board.profile, path: `fake:${board.profile}:${board.id}` }));
    }
  }

  async open(spec: RigBoard): Promise<SerialNeuronBoard> {
    const device = this.devices.get(spec.id)!;
    const board = new SerialNeuronBoard({ path: device.path, binding: device.binding, transport: 'fake' });
    this.open_.add(board);
    board.on('close', () => this.open_.delete(board));
    return openConfigured(board, spec);
  }

  press(boardId: string, channel: number, pressed: boolean): boolean {
    const device = this.devices.get(boardId);
    if (!device) return false;
    if (pressed) device.press(channel);
    else device.release(channel);
    return true;
  }

  measuredLevel(boardId: string, channel: number): number | null {
    return this.devices.get(boardId)?.ledLevel(channel) ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.open_].map((b) => b.close()));
  }
}
