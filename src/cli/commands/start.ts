import type { Command } from 'commander';
import { runDemo } from '../demo.js';

/**
 * `neuroboard start`: until the exhibit runtime lands, trains the example XOR network by trial and
 * error in the terminal and shows the cascade for each input.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the example exhibit (for now: train XOR by trial and error and show the cascade)')
    .option('--seed <n>', 'random seed, so a run repeats exactly', (v) => Number.parseInt(v, 10), 1)
    .action(async (opts: { seed: number }) => {
      await runDemo(process.stdout, { seed: opts.seed });
    });
}
