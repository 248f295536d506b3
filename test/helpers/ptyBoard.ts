/**
 * An emulated board behind a real tty: socat links two pseudo-terminals, the emulated Uno (the
 * committed firmware in avr8js) talks through one with the real serialport binding, and the host
 * opens the other as it would a USB serial device. So the host's whole hardware path — bindings-cpp,
 * termios, the kernel's tty layer, discovery by id — runs against the real firmware with no board.
 *
 * What a pty cannot do: carry DTR (opening it resets nothing, so the host asks WHO), or pace bytes at
 * the baud rate (the emulated UART still does, on the board side).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { AvrBoard } from '../../src/sim/avr/avrBoard.js';
import { SimClock } from '../../src/sim/avr/simClock.js';
import { eepromWithId } from '../../src/sim/avr/simBoard.js';

export const SOCAT = '/usr/bin/socat';

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

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
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
  const hostPath = join(options.dir, `${options.name}-host`);
  const boardPath = join(options.dir, `${options.name}-board`);
  const avr = new AvrBoard({
    profile: 'uno',
    eeprom: eepromWithId(options.id, options.channels ?? 1),
    ...(options.firmware === undefined ? {} : { firmware: options.firmware }),
  });
  // The board side of the pair stands for the USB-serial chip, which talks at the firmware's rate.
  avr.uart.hostBaudRate = options.baudRate ?? avr.profile.baudRate;
  options.clock.add(avr);
  avr.uart.hostListening = true;
  let socat: ChildProcess | null = null;
  let port: SerialPort | null = null;

  const plug = async () => {
    const child = spawn(SOCAT, [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${boardPath}`], { stdio: 'ignore' });
    socat = child;
    await waitFor(() => existsSync(hostPath) && existsSync(boardPath), `socat's ttys at ${hostPath}`);
    const boardSide = new SerialPort({ path: boardPath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => boardSide.open((err) => (err ? reject(err) : resolve())));
    boardSide.on('data', (data: Buffer) => avr.uart.write(data, options.clock.lagCycles(avr)));
    // Once the pair is gone the board side errors (EIO); the emulated board goes on running unheard.
    boardSide.on('error', () => undefined);
    port = boardSide;
  };
  avr.uart.onTransmit = (byte) => {
    if (port?.isOpen) port.write(Buffer.of(byte));
  };

  const unplug = async () => {
    const child = socat;
    const boardSide = port;
    socat = null;
    port = null;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // SIGTERM: socat closes both ttys and removes its links, as a device node vanishes on unplug.
      child.kill('SIGTERM');
      await exited;
    }
    if (boardSide?.isOpen) await new Promise<void>((resolve) => boardSide.close(() => resolve()));
    await waitFor(() => !existsSync(hostPath), `${hostPath} to vanish`);
  };

  await plug();
  return {
    avr,
    hostPath,
    unplug,
    replug: plug,
    close: async () => {
      await unplug();
      options.clock.remove(avr);
    },
  };
}
