// johnny-five ships no types; this covers only what src/transports/firmataBoard.ts uses.
declare module 'johnny-five' {
  import { EventEmitter } from 'node:events';

  export interface BoardOptions {
    io: unknown;
    repl: false;
    sigint: false;
    debug: boolean;
    timeout?: number;
  }
  export class Board extends EventEmitter {
    constructor(options: BoardOptions);
    isReady: boolean;
    /** Every Board ever made (the module's own array, not a copy). */
    static readonly cache: Board[];
    static readonly Pins: { normalize: { clear(): void } };
  }
  /** What Board.Component gives every component: plain, writable references. */
  interface Component {
    board: Board | null;
    io: unknown;
  }
  export class Led implements Component {
    board: Board | null;
    io: unknown;
    constructor(options: { pin: number; board: Board });
    brightness(level: number): this;
    on(): this;
    off(): this;
    stop(): this;
  }
  export class Button extends EventEmitter implements Component {
    board: Board | null;
    io: unknown;
    constructor(options: { pin: number; board: Board; isPullup?: boolean; holdtime?: number });
  }
  const five: { Board: typeof Board; Led: typeof Led; Button: typeof Button };
  export default five;
}
