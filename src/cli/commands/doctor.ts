import type { Command } from 'commander';
import { usageExits } from '../exitCodes.js';
import { printJson, printVerdict } from '../output.js';
import { boardFindings, checkAvrdude, checkChromium, checkNode, checkSerialPermissions, checkSocat, type Finding } from '../systemChecks.js';

/** `neuroboard doctor`: is this machine ready to run an exhibit on hardware? Exit 0 when nothing is ✗. */
export function registerDoctor(program: Command): void {
  const command = program
    .command('doctor')
    .description('check this machine: Node.js, serial permissions, avrdude, Chromium, socat, boards and their firmware')
    .option('--no-probe', 'do not open serial ports (opening an Uno or Nano resets it)')
    .option('--json', 'print JSON for scripts')
    .addHelpText('after', '\nEach line is ✓ (fine), ! (worth a look) or ✗ (needs fixing), with the fix. Exit 0 when nothing is ✗, else 1.')
    .action(async (opts: { probe: boolean; json?: boolean }) => {
      const { portReports } = await import('../portReport.js');
      const { committedFirmwareVersion } = await import('../firmwareInfo.js'); // brings the board catalogue
      const committed = committedFirmwareVersion();
      const [node, serial, avrdude, ports] = await Promise.all([checkNode(), checkSerialPermissions(), checkAvrdude(), portReports(opts.probe)]);
      const findings: Finding[] = [node, serial, avrdude, checkChromium(), checkSocat(), ...boardFindings(ports, committed)];
      const ok = findings.every((f) => f.verdict !== 'fail');
      if (opts.json) {
        printJson({ ok, committedFirmware: committed, checks: findings });
      } else {
        for (const f of findings) printVerdict(f.verdict, f.message, f.fix);
        if (committed) console.log(`(committed firmware: ${committed})`);
      }
      if (!ok) process.exitCode = 1;
    });
  usageExits(command);
}
