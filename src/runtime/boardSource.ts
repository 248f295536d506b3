/**
 * Where the exhibit's boards come from: the seam every source implements (emulated boards, the fast
 * fake, real hardware on serial ports), and apart from it the test bench's hands on emulated boards.
 * The seam has no test-bench powers, as serialport's BindingInterface has none: pressing an emulated
 * button or reading its pin belongs to the emulated sources (sources/emulatedSource.ts), and the
 * exhibit offers them only when its source has them.
 */
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import type { NeuronBoard } from '../transports/board.js';
import type { RigBoard } from './rig/schema.js';

export interface BoardSource {
  readonly kind: 'sim' | 'fake' | 'hardware';
  /** The kinds of board it opens (a supervisor reads each one's bootloader timing there). */
  readonly catalogue: BoardCatalogue;
  /** Finds and opens a rig board; rejects (NbError) when it is not there. */
  open(board: RigBoard): Promise<NeuronBoard>;
  close(): Promise<void>;
}

/** What a test, a scenario or the dashboard can do to emulated boards and nothing can do to real ones. */
export interface EmulatedBoards {
  /** Presses (true) or releases a rig board's button on the emulated pin, as a finger would. */
  press(boardId: string, channel: number, pressed: boolean): void;
  /** The LED level measured on the board's pin (PWM duty), or null while it has no power. */
  measuredLevel(boardId: string, channel: number): number | null;
  /**
   * Why the board cannot take a press now though the host still has it online ("resetting (its
   * bootloader runs)", "unplugged"), or null.
   */
  notReady(boardId: string): string | null;
}

/** The source's emulated boards, when it has any (never for hardware). */
export function emulatedBoardsOf(source: BoardSource): EmulatedBoards | null {
  const candidate = source as BoardSource & Partial<EmulatedBoards>;
  return source.kind !== 'hardware' && typeof candidate.press === 'function' && typeof candidate.measuredLevel === 'function' && typeof candidate.notReady === 'function'
    ? (candidate as BoardSource & EmulatedBoards)
    : null;
}
