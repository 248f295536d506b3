/**
 * A BoardSource of ScriptedBoards: every rig board present, buttons pressed by the test. As 'sim' it
 * has emulated boards (a press emits the board's button event); as 'hardware' it has none.
 */
import type { BoardSource, EmulatedBoards } from '../../src/runtime/boardSource.js';
import type { RigBoard } from '../../src/runtime/rig/schema.js';
import { catalogue } from './boards.js';
import { ScriptedBoard } from './scriptedBoard.js';

export class ScriptedSource implements BoardSource, EmulatedBoards {
  readonly kind: 'sim' | 'hardware';
  readonly catalogue = catalogue;
  readonly boards = new Map<string, ScriptedBoard>();

  constructor(kind: 'sim' | 'hardware' = 'sim') {
    this.kind = kind;
  }

  async open(board: RigBoard): Promise<ScriptedBoard> {
    const b = new ScriptedBoard(board.id);
    this.boards.set(board.id, b);
    return b;
  }
  press(boardId: string, channel: number, pressed: boolean): void {
    this.boards.get(boardId)?.emit('button', { channel, pressed, boardMs: 0 });
  }
  measuredLevel(): number | null {
    return null;
  }
  notReady(): string | null {
    return null;
  }
  async close(): Promise<void> {}
  led(boardId: string, channel = 0): number | undefined {
    return this.boards.get(boardId)?.leds[channel];
  }
}
