/**
 * A freshly flashed board uses one channel (PROTOCOL.md); a rig may need more on it. Raise the count
 * once — the board keeps it in EEPROM — so the first start with a new rig just works.
 */
import { NbError } from '../../core/errors.js';
import type { SerialNeuronBoard } from '../../transports/serialBoard.js';
import type { RigBoard } from '../rig/schema.js';

export function channelsNeeded(board: RigBoard): number {
  return Math.max(...board.channels.map((c) => c.channel)) + 1;
}

export async function openConfigured(board: SerialNeuronBoard, spec: RigBoard): Promise<SerialNeuronBoard> {
  const identity = await board.open();
  const needed = channelsNeeded(spec);
  if (identity.id === spec.id && identity.channels < needed) {
    if (needed > identity.maxChannels) {
      await board.close();
      throw new NbError(
        'NB_ERR_INVALID_RIG',
        `board ${spec.id} on ${board.path} has ${identity.maxChannels} channels but the rig uses channel ${needed - 1}`,
      );
    }
    await board.setChannels(needed);
  }
  return board;
}
