import type { Command } from 'commander';
import pc from 'picocolors';
import type { PortReport } from '../portReport.js';
import { usageExits } from '../exitCodes.js';
import { printJson } from '../output.js';

interface PortsOptions {
  probe: boolean;
  json?: boolean;
}

/** What to check when there are no ports, per platform. */
export function noPortsAdvice(platform = process.platform): string {
  const lines = ['Plug a board in with a USB cable that carries data (some cables only charge).'];
  if (platform === 'linux') {
    lines.push('On Linux, boards appear as /dev/ttyACM* (Uno, Mega) or /dev/ttyUSB* (most Nano clones); `dmesg | tail` shows what the kernel saw.');
    lines.push('To open them you need to be in the dialout group: `sudo usermod -aG dialout $USER`, then log out and in (`neuroboard doctor` checks it).');
  } else if (platform === 'darwin') {
    lines.push('On macOS, boards appear as /dev/cu.usbmodem* (Uno, Mega) or /dev/cu.usbserial-* / /dev/cu.wchusbserial* (Nano clones); use the cu. name, not tty.');
    lines.push('There is no dialout group to join: any user can open them. `ls /dev/cu.*` before and after plugging in shows which is the board.');
    lines.push('A Nano clone (CH340 chip) that shows no port needs the WCH CH340 driver (wch-ic.com); genuine Arduinos need none.');
  } else if (platform === 'win32') {
    lines.push('On Windows, boards appear as COM ports: Device Manager → Ports (COM & LPT), e.g. COM3; pass it as --port COM3.');
    lines.push('A Nano clone (CH340 chip) that shows no COM port, or a device with a warning sign, needs the WCH CH340 driver (wch-ic.com); genuine Arduinos need none.');
  }
  lines.push('No hardware? `neuroboard start` runs the exhibit on simulated boards.');
  return lines.join('\n');
}

/** `neuroboard ports`: the serial ports, and which of them have a neuroboard answering. */
export function registerPorts(program: Command): void {
  const command = program
    .command('ports')
    .description('list serial ports and the neuroboard boards answering on them')
    .option('--no-probe', 'only list the ports; do not open them (opening an Uno or Nano resets it)')
    .option('--json', 'print JSON for scripts')
    .action(async (opts: PortsOptions) => {
      const { portReports } = await import('../portReport.js');
      const reports = await portReports(opts.probe);
      if (opts.json) printJson({ ports: reports });
      else printPorts(reports, opts.probe);
    });
  usageExits(command);
}

function printPorts(reports: PortReport[], probed: boolean): void {
  if (reports.length === 0) {
    console.log('No serial ports found.');
    console.log(noPortsAdvice());
    return;
  }
  if (probed && reports.some((r) => r.likely)) console.log(pc.dim('(Opening a port resets an Uno or Nano; that is harmless.)'));
  for (const r of reports) {
    const about = [r.manufacturer, r.vendorId && r.productId ? `${r.vendorId}:${r.productId}` : r.vendorId].filter(Boolean).join(', ');
    console.log(`${pc.bold(r.path)}${about ? `  ${about}` : ''}${r.likely ? pc.cyan('  likely a board') : ''}`);
    if (!r.probe) continue;
    if (r.probe.answered) {
      const b = r.probe.identity;
      console.log(`  ${pc.green('✓')} ${b.board} id ${b.id}, firmware ${b.firmware} (protocol ${b.protocol}), ${b.channels}/${b.maxChannels} channels`);
    } else {
      console.log(`  ${pc.yellow('!')} no neuroboard answered: ${r.probe.error}`);
      console.log(`    If it is an Arduino, flash it: neuroboard flash --board <uno|nano|mega> --port ${r.path}`);
    }
  }
  if (!reports.some((r) => r.likely)) {
    console.log('None of these looks like an Arduino (built-in serial ports are listed too).');
    console.log(noPortsAdvice());
  }
}
