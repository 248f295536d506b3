/**
 * A freshly flashed board uses one channel (PROTOCOL.md); a rig may need more on it. Raise the count
 * once — the board keeps it in EEPROM — so the first start with a new rig just works.
 */
import { NbError } from '../../core/errors.js';
import type { SerialNeuronBoard } from '../../transports/serialBoard.js';
import type { RigBoard } from '../rig/schema.js';
import { channelsNeeded } from '../rig/validate.js';

/**
 * Gives an open board the channel count `spec` uses. If that fails (the board cannot hold them, an
 * ERR, a reply that never comes) the board is closed before the error goes up: an open board that
 * no supervisor took would hold its port, and every later open of it would fail as "in use".
 */
export async function configureChannels(board: SerialNeuronBoard, spec: RigBoard): Promise<SerialNeuronBoard> {
  const identity = board.identity;
  const needed = channelsNeeded(spec);
  try {
    if (identity && identity.id === spec.id && identity.channels < needed) {
      if (needed > identity.maxChannels) {
        throw new NbError(
          'NB_ERR_INVALID_RIG',
          `board ${spec.id} on ${board.path} has ${identity.maxChannels} channels but the rig uses channel ${needed - 1}`,
        );
      }
      await board.setChannels(needed);
    }
    return board;
  } catch (err) {
    await board.close().catch(() => undefined);
    throw err;
  }
}

export async function openConfigured(board: SerialNeuronBoard, spec: RigBoard): Promise<SerialNeuronBoard> {
  await board.open();
  return configureChannels(board, spec);
}
