import { InvalidArgumentError, type Command } from 'commander';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { NbError } from '../../core/errors.js';
import { DEFAULT_RIG, defaultDataDir } from '../../hosts/node/paths.js';
import type { BoardMode } from '../../hosts/node/boardSources.js';
import { WATCH_PACE } from '../../runtime/trainingRequest.js';
import { isLoopbackHost } from '../../server/security.js';
import { checkStaffToken } from '../../server/staffToken.js';
import { staffTokenFromFolder, type StaffTokenFromFile } from '../../server/staffTokenFile.js';
import { kioskServerUrl, openKiosk, visitorUrl } from '../kiosk.js';

interface StartOptions {
  rig: string;
  sim?: boolean;
  fake?: boolean;
  hardware?: boolean;
  port: string;
  host: string;
  token?: string;
  data: string;
  fresh?: boolean;
  resetCorpus?: boolean;
  kiosk?: boolean;
}

/** `--pace`: tries a second, within the bounds the exhibit's own pace takes (PUT /api/train/pace). */
function paceOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100_000) {
    throw new InvalidArgumentError(`"${value}" is not a number of tries a second from 0 (full speed) to 100000.`);
  }
  return n;
}

function stamp(): string {
  return new Date().toISOString().slice(11, 19);
}

const COLOURS = { info: pc.dim, warn: pc.yellow, error: pc.red } as const;

/**
 * `neuroboard start`: the exhibit (simulated boards by default) with the dashboard and API.
 * `neuroboard demo`: the network alone, learning XOR in the terminal.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run an exhibit with its dashboard: simulated boards by default, --hardware for real ones')
    .option('--rig <file>', 'rig file: which board is which neuron', DEFAULT_RIG)
    .option('--sim', 'boards run the real firmware in the emulator (default)')
    .option('--fake', 'boards are fast in-process fakes (for trying things out)')
    .option('--hardware', 'real boards on serial ports, found by the id their firmware announces')
    .option('--port <n>', 'HTTP port of the dashboard and API (env PORT)', process.env['PORT'] ?? '8080')
    .option('--host <addr>', 'address to listen on; anything but 127.0.0.1 needs a token (env HOST)', process.env['HOST'] ?? '127.0.0.1')
    .option('--token <t>', 'staff token for changes off loopback and on a kiosk, 16+ characters (env NEUROBOARD_TOKEN; when missing, one is made and kept in <data>/staff-token)', process.env['NEUROBOARD_TOKEN'])
    .option('--data <dir>', 'where the trained network and corpus are saved (env NEUROBOARD_DATA; a clone keeps its var/)', defaultDataDir())
    .option('--fresh', 'ignore the saved network and start from a first random guess')
    .option('--reset-corpus', "keep the trained network but put the rig's own examples back (taught ones go)")
    .option('--kiosk', "open the visitor page full screen on this machine (browser: NEUROBOARD_BROWSER, else Chromium); every change but a visitor's then needs the staff token, here too")
    .action(async (opts: StartOptions) => {
      const modes = (['sim', 'fake', 'hardware'] as const).filter((m) => opts[m]);
      if (modes.length > 1) throw new NbError('NB_ERR_INVALID_ARGUMENT', `choose one of --sim, --fake, --hardware (got ${modes.map((m) => `--${m}`).join(' ')})`);
      const mode: BoardMode = modes[0] ?? 'sim';
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new NbError('NB_ERR_INVALID_ARGUMENT', `--port must be a TCP port number 0-65535, got "${opts.port}"`, { field: 'port' });
      }
      // A weak token is refused before anything starts (exit 78); an empty one is no token.
      const givenToken = opts.token || null;
      if (givenToken !== null) checkStaffToken(givenToken, '--token or NEUROBOARD_TOKEN');
      const kiosk = Boolean(opts.kiosk);
      const kept: StaffTokenFromFile | null = givenToken === null && (kiosk || !isLoopbackHost(opts.host)) ? await staffTokenFromFolder(opts.data) : null;
      const log = (level: 'info' | 'warn' | 'error', message: string): void => {
        const line = `${pc.dim(stamp())} ${COLOURS[level](level.padEnd(5))} ${message}`;
        if (level === 'info') console.log(line);
        else console.error(line);
      };
      // The exhibit and the server are loaded now, not at the CLI's start (every command would pay for them).
      const [{ openExhibit }, { startServer }, { rigLanguage, rigWords }] = await Promise.all([
        import('../../hosts/node/openExhibit.js'),
        import('../../server/listen.js'),
        import('../../runtime/rig/words.js'),
      ]);
      const { exhibit, warnings } = await openExhibit({ rigPath: opts.rig, mode, dataDir: opts.data, fresh: Boolean(opts.fresh), resetCorpus: Boolean(opts.resetCorpus), log });
      for (const w of warnings) log('warn', w);
      exhibit.on('log', log); // board up/down, training, teach and save problems all arrive here
      const server = await startServer({ exhibit, host: opts.host, port, token: givenToken ?? kept?.token ?? null, staffTokenOnLoopback: kiosk });
      console.log('');
      console.log(`  ${pc.bold('neuroboard')} ${rigWords(exhibit.rig, rigLanguage(exhibit.rig)).title}`);
      console.log(`  boards:    ${mode === 'sim' ? 'simulated (real firmware in the emulator)' : mode === 'fake' ? 'fake (in-process)' : 'hardware'}, ${exhibit.rig.boards.length} in the rig`);
      console.log(`  dashboard: ${pc.cyan(server.url)}`);
      console.log(`  visitors:  ${pc.cyan(visitorUrl(server.url))}`);
      if (kept) {
        console.log(`  token:     ${pc.yellow(kept.token)}  (staff type it once in the console)`);
        console.log(`             ${kept.created ? 'made now and kept' : 'kept'} in ${kept.path}; under systemd, journalctl -u neuroboard shows these lines`);
      } else if (server.token) {
        console.log('  token:     the one given with --token or NEUROBOARD_TOKEN (staff type it once in the console)');
      }
      console.log(`  saved in:  ${join(resolve(opts.data), `${exhibit.rig.name}.state.json`)}`);
      console.log(`  stop:      Ctrl-C (the boards idle and the network is saved)\n`);
      if (kiosk) openKiosk(visitorUrl(kioskServerUrl(server.url)), (message) => log('warn', message));
    });

  program
    .command('demo')
    .description('no boards, no browser: watch the network learn XOR by trial and error in the terminal')
    .option('--seed <n>', 'random seed, so a run repeats exactly', (v) => Number.parseInt(v, 10), 1)
    .option('--pace <n>', "tries a second, so you can watch the loss fall (the exhibit's pace for a run people watch); 0 = full speed", paceOption, WATCH_PACE)
    .action(async (opts: { seed: number; pace: number }) => {
      const { runDemo } = await import('../demo.js');
      await runDemo(process.stdout, { seed: opts.seed, pace: opts.pace });
    });
}
