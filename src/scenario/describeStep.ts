/** A scenario step and condition in words, for the report ("click board a0000001"). */
import type { Condition, LoadedStep } from './schema.js';

export function describeStep(step: LoadedStep): string {
  if (step.name) return step.name;
  const at = (b: { board: string; channel?: number }) => `board ${b.board}${b.channel === undefined ? '' : ` channel ${b.channel}`}`;
  switch (step.kind) {
    case 'press':
    case 'release':
    case 'click':
      return `${step.kind} ${at(step.body)}`;
    case 'hold':
      return `hold ${at(step.body)} for ${step.body.ms} ms`;
    case 'set-inputs':
      return `set inputs [${step.body.join(', ')}]`;
    case 'wait':
      return step.body.until ? `wait until ${describeCondition(step.body.until)}` : `wait ${step.body.ms} ms`;
    case 'expect':
      return `expect ${describeCondition(step.body.condition)}`;
    case 'eventually':
      return `eventually${step.body.withinMs === undefined ? '' : ` (within ${step.body.withinMs} ms)`} ${describeCondition(step.body.condition)}`;
    case 'train': {
      const b = step.body;
      const how = [b.untilLoss !== undefined ? `until loss < ${b.untilLoss}` : '', b.forMs !== undefined ? `for ${b.forMs} ms` : '', b.epochs !== undefined ? `${b.epochs} epochs` : '']
        .filter(Boolean)
        .join(', ');
      return `train ${b.method ?? ''}${how ? ` ${how}` : ' to the rig\'s target'}`.replace(/\s+/g, ' ');
    }
    case 'stop-training':
      return 'stop training';
    case 'teach':
      return `teach [${step.body.inputs.join(', ')}] → [${step.body.targets.join(', ')}]`;
    case 'unplug':
    case 'replug':
      return `${step.kind} board ${step.body.board}`;
    case 'raw':
      return `raw ${JSON.stringify(step.body.send)} to board ${step.body.board}`;
    case 'story':
      return step.body === 'play' ? "play the rig's story from act 1" : 'hand the exhibit over (stop the story)';
    case 'neurons':
      return step.body === 'spiking' ? 'switch the boards to spiking neurons' : 'switch the boards back to the network';
  }
}

function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'led': {
      const l = c.body.level;
      const level = typeof l === 'object' ? `level ${l.min ?? ''}..${l.max ?? ''}` : typeof l === 'number' ? `level ${l}` : l;
      return `LED of board ${c.body.board}${c.body.channel === undefined ? '' : ` channel ${c.body.channel}`} ${level}`;
    }
    case 'output':
      return `output${c.body.inputs ? ` for [${c.body.inputs.join(', ')}]` : ''}${c.body.fired ? ` fired [${c.body.fired.join(', ')}]` : ''}${c.body.values ? ' values' : ''}`;
    case 'inputs':
      return `inputs [${c.body.join(', ')}]`;
    case 'online':
    case 'offline':
      return `board ${c.body.board} ${c.kind}`;
    case 'training':
      return `training ${JSON.stringify(c.body)}`;
    case 'story':
      return `story ${JSON.stringify(c.body)}`;
    case 'spikes':
      return `spikes of board ${c.body.board}${c.body.channel === undefined ? '' : ` channel ${c.body.channel}`} in ${c.body.windowMs ?? 1000} ms: ${c.body.min ?? 0}..${c.body.max ?? '∞'}`;
  }
}
