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
  }
  export class Led {
    constructor(options: { pin: number; board: Board });
    brightness(level: number): this;
    on(): this;
    off(): this;
    stop(): this;
  }
  export class Button extends EventEmitter {
    constructor(options: { pin: number; board: Board; isPullup?: boolean; holdtime?: number });
  }
  const five: { Board: typeof Board; Led: typeof Led; Button: typeof Button };
  export default five;
}
