import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import { usageExits } from '../exitCodes.js';
import { shippedBoardTypes } from '../../hosts/node/boardTypeNames.js';
import { parseBoardId } from './flash.js';

interface TtyOptions {
  board: string;
  id: string;
  link: string;
}

/** How often the LED levels are looked at for the terminal (a person reads it, not a test). */
const SHOW_EVERY_MS = 250;

/**
 * `neuroboard tty`: one emulated board running the committed firmware, on a real tty that any
 * program can open — the Arduino IDE's serial monitor, or host code of your own written against
 * firmware/PROTOCOL.md before the hardware arrives. Its LEDs are shown here; typing a channel number
 * presses and releases that button.
 */
export function registerTty(program: Command): void {
  const command = program
    .command('tty')
    .description('one emulated board (the real firmware) on a tty any program can open, like a USB board')
    .addOption(new Option('--board <board>', 'the board type').choices(shippedBoardTypes()).default('uno'))
    .option('--id <hex>', 'its board id (8 hex digits)', parseBoardId, 'a0000001')
    .option('--link <path>', 'where the tty appears', '/tmp/neuroboard-tty')
    .addHelpText(
      'after',
      '\nThen open the path at 115200 baud, e.g. `screen /tmp/neuroboard-tty 115200`, and type PING 1.\n' +
        'Type a channel number (0, 1, …) and Enter here to press and release that button. Ctrl-C stops.\n' +
        'A pty carries no DTR: opening it does not reset the board, so no BOOT line; WHO answers.\n' +
        'Needs socat (sudo apt-get install socat).',
    )
    .action(async (opts: TtyOptions) => {
      await runTty(opts);
    });
  usageExits(command);
}

async function runTty(opts: TtyOptions): Promise<void> {
  const { nodeSimClock } = await import('../../hosts/node/simBoards.js');
  const { SimBoard } = await import('../../sim/avr/simBoard.js');
  const { TtyBridge } = await import('../../hosts/node/ttyBridge.js');
  const { packageHexFiles, shippedCatalogue } = await import('../../hosts/node/boardFiles.js');
  const clock = nodeSimClock({ mode: 'realtime' });
  const sim = new SimBoard({ profile: shippedCatalogue().get(opts.board), files: packageHexFiles, path: opts.link, id: opts.id });
  clock.add(sim.avr);
  const bridge = await TtyBridge.open({ avr: sim.avr, clock, link: opts.link });
  const channels = sim.avr.channelCount;
  console.log(`${pc.green('✓')} ${opts.board} ${opts.id} (the committed firmware) is on ${pc.bold(bridge.path)}: open it at 115200 baud.`);
  console.log(`  Type 0–${channels - 1} and Enter to press a button; Ctrl-C stops.`);

  let shown = '';
  const show = setInterval(() => {
    const levels = Array.from({ length: channels }, (_, ch) => `${ch}:${String(sim.ledLevel(ch)).padStart(3)}`).join('  ');
    if (levels !== shown) console.log(`LEDs  ${levels}`);
    shown = levels;
  }, SHOW_EVERY_MS);

  const keys = createInterface({ input: process.stdin, terminal: false });
  keys.on('line', (line) => {
    const ch = Number(line.trim());
    if (!Number.isInteger(ch) || ch < 0 || ch >= channels) {
      if (line.trim() !== '') console.log(`  no button "${line.trim()}": type 0–${channels - 1}`);
      return;
    }
    sim.press(ch);
    setTimeout(() => sim.release(ch), 120); // longer than the firmware's 20 ms debounce
    console.log(`  button ${ch} pressed`);
  });

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(show);
  keys.close();
  await bridge.close();
  clock.stop();
  console.log('stopped; the tty is gone');
}
