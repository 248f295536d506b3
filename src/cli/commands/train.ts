import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_RIG, defaultDataDir } from '../../hosts/node/paths.js';
import { TRAINING_METHODS } from '../../runtime/trainingRunner.js';
import { usageExits } from '../exitCodes.js';
import type { TrainOptions } from '../offlineTraining.js';


function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a whole number of 1 or more.`);
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a number above 0.`);
  return n;
}

/**
 * `neuroboard train`: trains a rig's network with no boards attached, resuming from its saved
 * state, and saves the result where `neuroboard start` will find it.
 */
export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('train a rig\'s network offline (no boards) and save it for `neuroboard start`')
    .option('--rig <file>', 'rig file', DEFAULT_RIG)
    .addOption(new Option('--method <method>', 'how to learn (default: the rig\'s training.method)').choices(TRAINING_METHODS))
    .option('--epochs <n>', 'stop after this many steps (epochs; tries for trial and error)', positiveInteger)
    .option('--target-loss <x>', 'stop once the loss is below this (default: the rig\'s training.targetLoss)', positiveNumber)
    .option('--learning-rate <x>', 'step size for backprop and the perceptron', positiveNumber)
    .option('--data <dir>', 'where trained networks are saved (env NEUROBOARD_DATA; a clone keeps its var/)', defaultDataDir())
    .option('--fresh', 'ignore the saved network and start from the rig\'s first guess (the old file is kept as .prev)')
    .addHelpText('after', '\nCtrl-C stops training and still saves what was learned. Exit 0 when saved, 130 when stopped with Ctrl-C.')
    .action(async (opts: TrainOptions) => {
      const { train } = await import('../offlineTraining.js');
      await train(opts);
    });
  usageExits(command);
}
