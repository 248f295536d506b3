// firmata-io ships no types; this covers only what src/transports/firmataBoard.ts uses.
declare module 'firmata-io' {
  import { EventEmitter } from 'node:events';

  export class Firmata extends EventEmitter {
    constructor(transport: unknown, options?: { reportVersionTimeout?: number; skipCapabilities?: boolean });
    isReady: boolean;
    reportVersion(callback: () => void): void;
    firmware: { name?: string; version?: { major: number; minor: number } };
    version: { major?: number; minor?: number };
  }
  const bindTransport: { (transport: unknown): typeof Firmata; Firmata: typeof Firmata };
  export default bindTransport;
}
