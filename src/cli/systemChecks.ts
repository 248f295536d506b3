/**
 * The checks `neuroboard doctor` runs, each returning a verdict, what was found and the fix. They
 * read the system and never change it.
 */
import { access, constants, readdir, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../hosts/node/paths.js';
import type { FoundPort } from '../hosts/node/portList.js';
import { avrdudeVersion, findOnPath } from './avrdude.js';
import type { ProbeResult } from './boardProbe.js';
import type { Verdict } from './output.js';
import { compareVersions } from './versions.js';

export interface Finding {
  check: string;
  verdict: Verdict;
  message: string;
  fix?: string;
}

/** Node's version against package.json's `engines.node` (a ">=X.Y" range). */
export async function checkNode(version = process.versions.node): Promise<Finding> {
  let range = '>=20.20.2';
  try {
    const pkg = JSON.parse(await readFile(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
    range = pkg.engines?.node ?? range;
  } catch {
    // keep the range this code was written for
  }
  const min = /^>=\s*([\d.]+)$/.exec(range.trim())?.[1];
  if (!min) return { check: 'node', verdict: 'ok', message: `Node.js ${version} (needs ${range})` };
  return compareVersions(version, min) >= 0
    ? { check: 'node', verdict: 'ok', message: `Node.js ${version} (needs ${range})` }
    : {
        check: 'node',
        verdict: 'fail',
        message: `Node.js ${version} is too old (needs ${range})`,
        fix: `Install Node.js ${min} or newer (https://nodejs.org, or nvm install 22), then npm install again.`,
      };
}

/** What macOS and Windows users need to know instead of Linux's dialout group. */
const NO_PERMISSIONS: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'macOS: no group to join, any user can open a board; it appears as /dev/cu.usbmodem* (Uno, Mega) or /dev/cu.usbserial-* / /dev/cu.wchusbserial* (Nano clones); use the cu. name, not tty.',
  win32: 'Windows: no permissions to set up; a board appears as a COM port (Device Manager → Ports (COM & LPT)), e.g. --port COM3',
};

/** On Linux: can this user open serial devices (root, the dialout group, or device permissions)? */
export async function checkSerialPermissions(devDir = '/dev', platform: NodeJS.Platform = process.platform): Promise<Finding> {
  const check = 'serial-permissions';
  if (platform !== 'linux') {
    const message = NO_PERMISSIONS[platform] ?? `${platform}: no serial permissions to set up`;
    if (platform !== 'win32') return { check, verdict: 'ok', message };
    // A CH340 clone without its driver shows no COM port at all, which looks like a dead board.
    return { check, verdict: 'ok', message, fix: 'a Nano clone (CH340 chip) with no COM port needs the WCH CH340 driver (wch-ic.com); genuine Arduinos need none' };
  }
  if (process.getuid?.() === 0) return { check, verdict: 'ok', message: 'running as root: serial ports can be opened' };
  const user = userInfo().username;
  const fix = 'sudo usermod -aG dialout $USER, then log out and in again (or reboot)';
  const devices = (await readdir(devDir).catch(() => [] as string[])).filter((n) => /^tty(ACM|USB)\d+$/.test(n)).map((n) => join(devDir, n));
  const refused: string[] = [];
  for (const device of devices) {
    await access(device, constants.R_OK | constants.W_OK).catch(() => refused.push(device));
  }
  if (refused.length > 0) {
    return { check, verdict: 'fail', message: `${user} may not open ${refused.join(', ')}`, fix };
  }
  if (devices.length > 0) return { check, verdict: 'ok', message: `${user} can open ${devices.join(', ')}` };
  const group = await dialoutGroup();
  if (!group) return { check, verdict: 'ok', message: 'no dialout group on this system and no boards plugged in to test' };
  if (process.getgroups?.().includes(group.gid)) return { check, verdict: 'ok', message: `${user} is in the ${group.name} group` };
  if (group.members.includes(user)) {
    return { check, verdict: 'warn', message: `${user} was added to ${group.name} but this login does not have it yet`, fix: 'log out and in again (or reboot)' };
  }
  return { check, verdict: 'warn', message: `${user} is not in the ${group.name} group (no board plugged in to test)`, fix };
}

async function dialoutGroup(): Promise<{ name: string; gid: number; members: string[] } | null> {
  const text = await readFile('/etc/group', 'utf8').catch(() => '');
  for (const name of ['dialout', 'uucp']) {
    const line = text.split('\n').find((l) => l.startsWith(`${name}:`));
    if (line) {
      const [, , gid, members] = line.split(':');
      return { name, gid: Number(gid), members: (members ?? '').split(',').filter(Boolean) };
    }
  }
  return null;
}

/** How to install a tool on each desktop: the package manager people there already have. */
function installHint(tool: 'avrdude' | 'chromium' | 'socat', platform: NodeJS.Platform): string {
  if (platform === 'darwin') return tool === 'chromium' ? 'brew install --cask chromium' : `brew install ${tool}`;
  if (platform === 'win32') {
    if (tool === 'avrdude') return 'add the Arduino IDE\'s avrdude.exe folder to PATH, or get avrdude from github.com/avrdudes/avrdude/releases';
    return tool === 'chromium' ? 'install Chromium or Google Chrome' : 'socat has no Windows build: run neuroboard tty under WSL';
  }
  return `sudo apt-get install ${tool}`;
}

export async function checkAvrdude(platform: NodeJS.Platform = process.platform): Promise<Finding> {
  const exe = findOnPath('avrdude');
  if (!exe) {
    const hint = installHint('avrdude', platform);
    return {
      check: 'avrdude',
      // Optional since `neuroboard flash` speaks to the bootloader itself: nothing to warn about.
      verdict: 'ok',
      message: 'avrdude not found (optional: `neuroboard flash` writes through the bootloader itself; avrdude is only for --avrdude)',
      fix: platform === 'linux' ? `${hint} (Debian/Ubuntu, Raspberry Pi OS), or add the Arduino IDE's avrdude to PATH` : hint,
    };
  }
  const version = await avrdudeVersion(exe);
  return { check: 'avrdude', verdict: 'ok', message: `avrdude ${version ?? '(version unknown)'} at ${exe}` };
}

/** Chromium is only for the dashboard's browser tests: informative, never a failure. */
export function checkChromium(platform: NodeJS.Platform = process.platform): Finding {
  const exe = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].map((n) => findOnPath(n)).find(Boolean);
  return exe
    ? { check: 'chromium', verdict: 'ok', message: `Chromium at ${exe} (for the dashboard's browser tests)` }
    : {
        check: 'chromium',
        verdict: 'warn',
        message: 'Chromium not found: optional, only the dashboard\'s browser tests need it',
        fix: `${installHint('chromium', platform)} (only if you run the browser tests)`,
      };
}

export function checkSocat(platform: NodeJS.Platform = process.platform): Finding {
  const exe = findOnPath('socat');
  return exe
    ? { check: 'socat', verdict: 'ok', message: `socat at ${exe} (for neuroboard tty and the tty tests)` }
    : {
        check: 'socat',
        verdict: 'warn',
        message: 'socat not found: optional, only `neuroboard tty` and the tty tests need it',
        fix: `${installHint('socat', platform)} (only if you use neuroboard tty)`,
      };
}

/** One finding per port that looks like a board: who answered, and whether its firmware is current. */
export function boardFindings(ports: readonly (FoundPort & { probe?: ProbeResult })[], committed: string | null): Finding[] {
  const likely = ports.filter((p) => p.likely);
  if (likely.length === 0) {
    return [
      {
        check: 'boards',
        verdict: 'warn',
        message: 'no boards plugged in (fine for simulated boards)',
        fix: 'for hardware: plug a board in with a data USB cable, then `neuroboard ports`',
      },
    ];
  }
  return likely.map((port): Finding => {
    const probe = port.probe;
    if (!probe) return { check: 'boards', verdict: 'ok', message: `${port.path}: not opened (--no-probe)` };
    if (!probe.answered) {
      const fail = probe.code === 'NB_ERR_PROTOCOL_VERSION';
      return {
        check: 'boards',
        verdict: fail ? 'fail' : 'warn',
        message: `${port.path}: no neuroboard answered (${probe.error.split('\n')[0]})`,
        fix: `if it is an Arduino, flash it: neuroboard flash --board <uno|nano|mega> --port ${port.path}`,
      };
    }
    const b = probe.identity;
    const flash = `neuroboard flash --board ${b.board} --port ${port.path}`;
    const about = `${port.path}: ${b.board} id ${b.id}, firmware ${b.firmware}`;
    if (committed === null) return { check: 'boards', verdict: 'ok', message: about };
    const cmp = compareVersions(b.firmware, committed);
    if (cmp < 0) return { check: 'boards', verdict: 'warn', message: `${about}, older than ${committed}`, fix: `flash it: ${flash}` };
    if (cmp > 0) return { check: 'boards', verdict: 'warn', message: `${about}, newer than this neuroboard's ${committed}`, fix: 'update neuroboard, or flash it to match: ' + flash };
    return { check: 'boards', verdict: 'ok', message: `${about} (current)` };
  });
}
