/**
 * An emulated Uno (the committed firmware, or another hex) behind a real tty (src/sim/ttyBridge.ts),
 * for the tests of the host's hardware path: bindings-cpp, termios, the kernel's tty layer.
 */
import { join } from 'node:path';
import { AvrBoard } from '../../src/sim/avr/avrBoard.js';
import type { SimClock } from '../../src/sim/avr/simClock.js';
import { eepromWithId } from '../../src/sim/avr/simBoard.js';
import { TtyBridge } from '../../src/hosts/node/ttyBridge.js';
import { catalogue, packageHexFiles } from './boards.js';

export interface PtyBoard {
  readonly avr: AvrBoard;
  /** The path the host opens (a symlink to the pty, like /dev/serial/by-id/...). */
  readonly hostPath: string;
  /** Yanks the cable: the tty pair goes away under both ends. */
  unplug(): Promise<void>;
  /** A new tty pair at the same path, the board still powered (as a USB hub port switched back on). */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface PtyBoardOptions {
  dir: string;
  name: string;
  id: string;
  channels?: number;
  clock: SimClock;
  /** Another firmware (a .hex path, e.g. StandardFirmata's) instead of ours, at its own baud rate. */
  firmware?: string;
  baudRate?: number;
}

export async function openPtyBoard(options: PtyBoardOptions): Promise<PtyBoard> {
  const avr = new AvrBoard({
    profile: catalogue.get('uno'),
    files: packageHexFiles,
    eeprom: eepromWithId(options.id, options.channels ?? 1),
    ...(options.firmware === undefined ? {} : { firmware: options.firmware }),
  });
  // The board's end of the pair stands for the USB-serial chip, which talks at the firmware's rate.
  avr.uart.hostBaudRate = options.baudRate ?? avr.profile.baudRate;
  options.clock.add(avr);
  const bridge = await TtyBridge.open({ avr, clock: options.clock, link: join(options.dir, options.name) });
  return {
    avr,
    hostPath: bridge.path,
    unplug: () => bridge.unplug(),
    replug: () => bridge.plug(),
    close: async () => {
      await bridge.close();
      options.clock.remove(avr);
    },
  };
}
