/** A BoardSource of ScriptedBoards: every rig board present, buttons pressed by the test. */
import type { BoardSource } from '../../src/runtime/exhibit.js';
import type { RigBoard } from '../../src/runtime/rig/schema.js';
import { catalogue } from './boards.js';
import { ScriptedBoard } from './scriptedBoard.js';

export class ScriptedSource implements BoardSource {
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
  press(boardId: string, channel: number, pressed: boolean): boolean {
    if (this.kind === 'hardware') return false;
    this.boards.get(boardId)?.emit('button', { channel, pressed, boardMs: 0 });
    return true;
  }
  measuredLevel(): number | null {
    return null;
  }
  async close(): Promise<void> {}
  led(boardId: string, channel = 0): number | undefined {
    return this.boards.get(boardId)?.leds[channel];
  }
}
