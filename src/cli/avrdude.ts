/**
 * Flashing with avrdude: finding it, the exact command for a board, running it with its output shown,
 * and turning its usual complaints into what to do.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { FlashTarget } from './firmwareInfo.js';

/** The full path of `name` on PATH (with PATHEXT on Windows), or null. Runs nothing. */
export function findOnPath(name: string, pathEnv = process.env['PATH'] ?? ''): string | null {
  const exts = process.platform === 'win32' ? (process.env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

export const AVRDUDE_INSTALL_ADVICE = [
  'avrdude is not installed (or not on PATH); neuroboard flashes boards with it. Install it:',
  '  Debian/Ubuntu/Raspberry Pi OS:  sudo apt-get install avrdude',
  '  Fedora:                         sudo dnf install avrdude',
  '  macOS (Homebrew):               brew install avrdude',
  '  Windows:                        download it from https://github.com/avrdudes/avrdude/releases and add it to PATH',
  'The Arduino IDE ships one too (under its hardware/tools folders): add that folder to PATH.',
  'Then run the same neuroboard flash command again.',
].join('\n');

/** avrdude's arguments for flashing `target` on `port`, keeping the EEPROM (and so the board id). */
export function avrdudeArgs(target: FlashTarget, port: string, oldBootloader: boolean): string[] {
  const { partno, programmer, baudRate, oldBootloaderBaudRate } = target.avrdude;
  const baud = oldBootloader && oldBootloaderBaudRate !== undefined ? oldBootloaderBaudRate : baudRate;
  return ['-p', partno, '-c', programmer, '-P', port, '-b', String(baud), '-D', '-U', `flash:w:${target.hex}:i`];
}

/** A command line a person can paste into a shell. */
export function shellLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** What to do about avrdude's output, or null when nothing we know is in it. */
export function adviceForAvrdude(output: string, ctx: { board: string; port: string; oldBootloader: boolean }): string | null {
  if (/permission denied/i.test(output)) {
    return (
      `You may not open ${ctx.port}. On Linux add yourself to the dialout group: ` +
      '`sudo usermod -aG dialout $USER`, then log out and in again (`neuroboard doctor` checks it).'
    );
  }
  if (/resource busy|device or resource busy|access is denied|port busy|cannot lock/i.test(output)) {
    return `${ctx.port} is in use by another program: close the Arduino IDE's Serial Monitor, a running \`neuroboard start\`, or screen/minicom, then try again.`;
  }
  if (/no such file or directory|cannot open port|can't open device|could not open port/i.test(output)) {
    return `There is no port ${ctx.port}: plug the board in and check the path with \`neuroboard ports\`.`;
  }
  if (/not in sync|stk500_getsync|programmer is not responding|stk500v2_ReceiveMessage\(\): timeout|cannot get into sync/i.test(output)) {
    const nano =
      ctx.board === 'nano'
        ? ctx.oldBootloader
          ? ' This Nano did not answer at 57600 baud either way: try without --old-bootloader.'
          : ' Most Nano clones have the old bootloader: try again with --old-bootloader.'
        : '';
    return (
      `The board on ${ctx.port} did not answer its bootloader.${nano} Check that --board matches the board ` +
      `(uno, nano or mega), that the port is the board's (\`neuroboard ports\`), and that the cable carries data (some only charge).`
    );
  }
  if (/verification error|content mismatch/i.test(output)) {
    return 'The written flash does not read back the same: try another USB cable or port, then flash again.';
  }
  if (/expected signature|device signature/i.test(output)) {
    return 'The chip is not the one --board says: pick the right board (uno, nano or mega).';
  }
  return null;
}

/** Runs avrdude, showing its output on stderr as it comes; resolves with its exit code and output. */
export function runAvrdude(exe: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** `avrdude -?` prints its version last ("avrdude version 7.1, URL: …"); null when it does not run. */
export function avrdudeVersion(exe: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(exe, ['-?'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('error', () => resolve(null));
    child.on('close', () => resolve(/version\s+([\w.-]+)/i.exec(text)?.[1] ?? (text ? 'unknown version' : null)));
  });
}
