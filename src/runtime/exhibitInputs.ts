/**
 * Checks what a visitor or the API asks the exhibit to do with its inputs and buttons, so a bad
 * request is refused with an error that names the field before anything changes.
 */
import { NbError } from '../core/errors.js';
import type { RigBoard } from './rig/schema.js';
import type { ResolvedRig } from './rig/validate.js';

/** Throws unless `values` holds one finite number per input of the rig. */
export function checkInputValues(values: readonly number[], count: number, rigName: string): void {
  if (!Array.isArray(values) || values.length !== count) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `values must hold ${count} numbers (one per input of rig "${rigName}"), got ${Array.isArray(values) ? values.length : typeof values}`,
      { field: 'values' },
    );
  }
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `values[${i}] must be a finite number, got ${String(v)}`, {
        field: `values[${i}]`,
      });
    }
  });
}

/** The rig board and channel a press names (the board's first channel when none is given); 404 otherwise. */
export function pressTarget(rig: ResolvedRig, boardId: string, channel: number | undefined): { board: RigBoard; channel: number } {
  const board = rig.boards.find((b) => b.id === boardId);
  if (!board) {
    throw new NbError('NB_ERR_NOT_FOUND', `no board "${boardId}" in rig "${rig.name}"; boards: ${rig.boards.map((b) => b.id).join(', ')}`);
  }
  const ch = channel ?? board.channels[0]!.channel;
  if (!board.channels.some((c) => c.channel === ch)) {
    throw new NbError('NB_ERR_NOT_FOUND', `board ${boardId} has no channel ${ch} in this rig`, { field: 'channel' });
  }
  return { board, channel: ch };
}

/**
 * What a board's button event means: an input board sets that input's level; a press on an output
 * board teaches that output as the answer; anything else means nothing (null).
 */
export function buttonAction(
  rig: ResolvedRig,
  board: RigBoard,
  event: { channel: number; pressed: boolean },
  inputs: ArrayLike<number>,
): { kind: 'input'; node: number; level: number } | { kind: 'teach'; node: number } | null {
  const binding = board.channels.find((c) => c.channel === event.channel);
  if (!binding) return null;
  if (binding.layer === 0) {
    const level = inputLevelAfter(rig.buttons.mode, inputs[binding.node]!, event.pressed);
    return level === null ? null : { kind: 'input', node: binding.node, level };
  }
  if (binding.layer === rig.network.layers.length - 1 && event.pressed) return { kind: 'teach', node: binding.node };
  return null;
}

/**
 * The input level after a button event on an input board: latch buttons flip on press (releases are
 * ignored: null), momentary buttons follow the button.
 */
export function inputLevelAfter(mode: ResolvedRig['buttons']['mode'], current: number, pressed: boolean): number | null {
  if (mode === 'latch') return pressed ? (current >= 0.5 ? 0 : 1) : null;
  return pressed ? 1 : 0;
}

/**
 * The teach gesture: pressing an output's button says "this one is the answer". With one output,
 * it flips what the network says now; with several, the pressed output becomes the only one on.
 */
export function taughtTargets(outputs: ArrayLike<number>, threshold: number, node: number): number[] {
  if (outputs.length === 1) return [outputs[0]! >= threshold ? 0 : 1];
  return Array.from(outputs, (_, i) => (i === node ? 1 : 0));
}
