import { Option, InvalidArgumentError, type Command } from 'commander';
import pc from 'picocolors';
import { NbError } from '../../core/errors.js';
import { adviceForAvrdude, AVRDUDE_INSTALL_ADVICE, avrdudeArgs, findOnPath, runAvrdude, shellLine } from '../avrdude.js';
import { exitCodeOf, failWith, usageExits } from '../exitCodes.js';
import { shippedBoardTypes } from '../../hosts/node/boardTypeNames.js';
import type { FlashTarget } from '../firmwareInfo.js';

interface FlashOptions {
  board: string;
  port: string;
  id?: string;
  oldBootloader?: boolean;
  dryRun?: boolean;
  avrdude?: boolean;
}

/** A board id as the firmware takes it: 8 hex digits, not all zeros or all ones (those mean "no id"). */
export function parseBoardId(value: string): string {
  const id = value.toLowerCase();
  if (!/^[0-9a-f]{8}$/.test(id) || id === '00000000' || id === 'ffffffff') {
    throw new InvalidArgumentError(`"${value}" is not a board id: use 8 hex digits such as a0000001 (not 00000000 or ffffffff).`);
  }
  return id;
}

/**
 * `neuroboard flash`: writes the committed firmware hex to a board through its bootloader (our own
 * STK500v1/v2 clients, src/flash; `--avrdude` uses avrdude instead), then optionally gives it an id
 * and checks that it comes back announcing it.
 */
export function registerFlash(program: Command): void {
  const command = program
    .command('flash')
    .description('write the neuroboard firmware to a board through its bootloader (and optionally set its id); no avrdude needed')
    .addOption(new Option('--board <board>', 'the board type').choices(shippedBoardTypes()).makeOptionMandatory())
    .requiredOption('--port <path>', 'its serial port, e.g. /dev/ttyACM0 or COM3 (`neuroboard ports` lists them)')
    .option('--id <hex>', 'after flashing, set the board id (8 hex digits, as in the rig file)', parseBoardId)
    .option('--old-bootloader', 'Nano clones with the old bootloader (flash at 57600 baud)')
    .option('--avrdude', 'flash with avrdude instead of neuroboard\'s own bootloader client')
    .option('--dry-run', 'print what would be done (with --avrdude: the avrdude command) and run nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  neuroboard flash --board uno --port /dev/ttyACM0 --id a0000001\n' +
        '  neuroboard flash --board nano --port /dev/ttyUSB0 --old-bootloader\n\n' +
        'The board keeps its id across flashes (the EEPROM is not erased). Needs nothing else installed\n' +
        '(--avrdude uses avrdude instead: sudo apt-get install avrdude).',
    )
    .action(async (opts: FlashOptions) => {
      await flash(opts);
    });
  usageExits(command);
}

async function flash(opts: FlashOptions): Promise<void> {
  // Loaded here, not at the CLI's start: they bring the catalogue's schema engine.
  const { flashTarget } = await import('../firmwareInfo.js');
  const oldBootloader = opts.oldBootloader ?? false;
  const target = flashTarget(opts.board);
  if (oldBootloader && target.avrdude.oldBootloaderBaudRate === undefined) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `--old-bootloader is only for Nano clones; the ${opts.board} has one bootloader. Leave it out.`, {
      field: 'old-bootloader',
    });
  }
  if (!opts.avrdude) {
    await flashBuiltIn(target, opts, oldBootloader);
    return;
  }
  const args = avrdudeArgs(target, opts.port, oldBootloader);
  const exe = findOnPath('avrdude');

  if (opts.dryRun) {
    console.log(shellLine('avrdude', args));
    if (opts.id) console.log(`# then: open ${opts.port}, SETID ${opts.id}, and check that the board says HELLO with id ${opts.id}`);
    if (!exe) console.error(`${pc.yellow('note')} avrdude is not installed here; \`sudo apt-get install avrdude\` (Debian/Ubuntu) before flashing for real.`);
    return;
  }
  if (!exe) {
    failWith(exitCodeOf('NB_ERR_TOOL_MISSING'), AVRDUDE_INSTALL_ADVICE); // 69, EX_UNAVAILABLE
    return;
  }

  console.log(`Flashing ${target.profile.title} on ${opts.port}:`);
  console.log(pc.dim(`$ ${shellLine(exe, args)}`));
  if (target.profile.resetOnOpen === false) console.log('Press the board\'s reset button if avrdude waits.');
  const { code, output } = await runAvrdude(exe, args);
  if (code !== 0) {
    const advice = adviceForAvrdude(output, { board: opts.board, port: opts.port, oldBootloader });
    const busy = advice !== null && /in use|may not open|no port/i.test(advice);
    throw new NbError(
      busy ? 'NB_ERR_PORT_OPEN' : 'NB_ERR_BOARD_TIMEOUT',
      `avrdude failed (exit ${code}) flashing ${opts.board} on ${opts.port}. ${advice ?? 'Its output above says why; check --board and --port.'}`,
      { field: 'port' },
    );
  }
  console.log(`${pc.green('✓')} flashed ${opts.board} on ${opts.port} with ${target.hex}`);
  if (opts.id) await setBoardId(opts.port, opts.id);
}

/** Through the bootloader with src/flash: nothing to install. */
async function flashBuiltIn(target: FlashTarget, opts: FlashOptions, oldBootloader: boolean): Promise<void> {
  const { bootloaderPlan, flashThroughBootloader } = await import('../flashBootloader.js');
  const { protocol, baudRate } = bootloaderPlan(target, oldBootloader);
  if (opts.dryRun) {
    console.log(`flash ${target.hex} to ${opts.port} through the ${opts.board}'s bootloader (${protocol} at ${baudRate} baud): check the signature, write, read back and verify`);
    if (opts.id) console.log(`# then: open ${opts.port}, SETID ${opts.id}, and check that the board says HELLO with id ${opts.id}`);
    return;
  }
  const { nativeSerialBinding } = await import('../../hosts/node/serialportBindings.js');
  await flashThroughBootloader(target, { board: opts.board, port: opts.port, oldBootloader, ...(opts.id ? { id: opts.id } : {}) }, { binding: await nativeSerialBinding() });
}

/** Sets the id and shows what the board announces afterwards. */
async function setBoardId(port: string, id: string): Promise<void> {
  const { nativeSerialBinding } = await import('../../hosts/node/serialportBindings.js');
  const { setAndConfirmId } = await import('../boardId.js');
  const { before, after } = await setAndConfirmId(port, id, await nativeSerialBinding());
  console.log(
    `${pc.green('✓')} board on ${port} says HELLO: ${after.board}, id ${after.id} (was ${before.id}), firmware ${after.firmware}, ${after.channels}/${after.maxChannels} channels`,
  );
}
