/**
 * What the emulated and the fake board sources share: a device per rig board that a test, a scenario
 * or the dashboard can press, and whose LED can be read (the EmulatedBoards of boardSource.ts).
 */
import type { NeuronBoard } from '../../transports/board.js';
import type { EmulatedBoards } from '../boardSource.js';

export interface EmulatedDevice {
  press(channel: number): void;
  release(channel: number): void;
  ledLevel(channel: number): number;
}

export abstract class EmulatedBoardSource<D extends EmulatedDevice> implements EmulatedBoards {
  /** The devices by rig board id, for tests and scenarios to press, unplug and measure. */
  readonly devices = new Map<string, D>();
  protected readonly opened = new Set<NeuronBoard>();

  press(boardId: string, channel: number, pressed: boolean): void {
    const device = this.devices.get(boardId);
    if (!device) return;
    if (pressed) device.press(channel);
    else device.release(channel);
  }

  notReady(boardId: string): string | null {
    const device = this.devices.get(boardId);
    return device ? this.unready(device) : null;
  }

  measuredLevel(boardId: string, channel: number): number | null {
    const device = this.devices.get(boardId);
    return device && this.isPowered(device) ? device.ledLevel(channel) : null;
  }

  /**
   * Opens `board` with `open`, remembering it so close() can close it, and forgetting it when it
   * closes by itself or its open fails (a failed open emits no 'close': without this, every retry on
   * an unplugged board would keep a port stream alive for good).
   */
  protected async openTracked<B extends NeuronBoard, R>(board: B, open: (board: B) => Promise<R>): Promise<R> {
    this.opened.add(board);
    board.on('close', () => this.opened.delete(board));
    try {
      return await open(board);
    } catch (err) {
      this.opened.delete(board);
      throw err;
    }
  }

  protected async closeOpened(): Promise<void> {
    await Promise.all([...this.opened].map((b) => b.close()));
  }

  protected isPowered(_device: D): boolean {
    return true;
  }

  protected unready(_device: D): string | null {
    return null;
  }
}
