/**
 * `npm run soak -- --minutes N [--seed S] [--fast] [--boards sim|fake] [--clients K]`
 * `npm run soak -- --fuzz [--lines N] [--firmware-lines N] [--seed S]`
 *
 * The soak runs the XOR exhibit (on emulated or fake boards; SIGKILLed and restarted at random) and
 * the larger digits7 exhibit on fake boards (never killed: its memory slope is the one judged) under
 * the fault schedule of bench/soak/faults.ts and the HTTP loops of bench/soak/httpDriver.ts.
 * Progress lines while it runs; the last line is one JSON object with the figures. Exit code 1 when
 * a must-be-zero figure is not zero (wedges, lost or corrupt saves, 5xx) or memory is not flat.
 * `--fast` shortens every interval (kills every few seconds) for a quick check.
 */
import { join } from 'node:path';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { bundleChild } from './bundle.js';
import { runFuzz } from './fuzz.js';
import { runSoak, type SoakTarget } from './soak.js';

interface Args {
  minutes: number;
  seed: number;
  fast: boolean;
  boards: 'sim' | 'fake';
  clients: number;
  fuzz: boolean;
  lines: number;
  firmwareLines: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { minutes: 5, seed: 1, fast: false, boards: 'sim', clients: 20, fuzz: false, lines: 1_000_000, firmwareLines: 1_000_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const number = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a non-negative number`);
      return v;
    };
    switch (a) {
      case '--minutes':
        args.minutes = number();
        break;
      case '--seed':
        args.seed = Math.floor(number());
        break;
      case '--fast':
        args.fast = true;
        break;
      case '--boards': {
        const v = value();
        if (v !== 'sim' && v !== 'fake') throw new Error('--boards is sim or fake');
        args.boards = v;
        break;
      }
      case '--clients':
        args.clients = Math.max(1, Math.floor(number()));
        break;
      case '--fuzz':
        args.fuzz = true;
        break;
      case '--lines':
        args.lines = Math.floor(number());
        break;
      case '--firmware-lines':
        args.firmwareLines = Math.floor(number());
        break;
      default:
        throw new Error(`unknown option ${a}; see the top of bench/soak/run.ts`);
    }
  }
  return args;
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 64;
  }
  const log = (line: string) => console.log(line);
  if (args.fuzz) {
    const result = await runFuzz({ decoderLines: args.lines, firmwareLines: args.firmwareLines, seed: args.seed, log });
    console.log(JSON.stringify(result));
    return result.ok ? 0 : 1;
  }
  const targets: SoakTarget[] = [
    { name: `xor/${args.boards}`, rigPath: join(BOARDS_DIR, 'rigs', 'xor.json'), boards: args.boards, kill: true },
    { name: 'digits7/fake', rigPath: join(BOARDS_DIR, 'rigs', 'digits7.json'), boards: 'fake', kill: false },
  ];
  const figures = await runSoak({
    childPath: await bundleChild(),
    targets,
    durationMs: args.minutes * 60_000,
    seed: args.seed,
    killEveryMs: args.fast ? [3000, 8000] : [30_000, 120_000],
    sseClients: args.clients,
    healthBoundMs: 2000,
    statsEveryMs: args.fast ? 1000 : 5000,
    memoryWarmupMs: args.fast ? 5000 : 120_000,
    progressEveryMs: args.fast ? 5000 : 30_000,
    log,
  });
  console.log(JSON.stringify(figures));
  return figures.ok ? 0 : 1;
}

process.exitCode = await main();
