/**
 * Giving a freshly flashed board its id: SETID over our protocol, then open the port again and
 * read the id from the board's own announcement (BOOT after the reset, or HELLO), so what is
 * reported is what the board says, not what we sent.
 */
import { NbError } from '../core/errors.js';
import { shippedCatalogue } from '../hosts/node/boardFiles.js';
import type { SerialBinding } from '../platform/serialBinding.js';
import type { BoardIdentity } from '../transports/board.js';
import { SerialNeuronBoard, type BoardTimeouts } from '../transports/serialBoard.js';

export async function setAndConfirmId(
  path: string,
  id: string,
  binding: SerialBinding,
  timeouts?: Partial<BoardTimeouts>,
): Promise<{ before: BoardIdentity; after: BoardIdentity }> {
  const open = async <T>(use: (board: SerialNeuronBoard, identity: BoardIdentity) => Promise<T>): Promise<T> => {
    const board = new SerialNeuronBoard({ path, binding, catalogue: shippedCatalogue(), transport: 'serial', ...(timeouts ? { timeouts } : {}) });
    const identity = await board.open();
    try {
      return await use(board, identity);
    } finally {
      await board.close();
    }
  };
  const before = await open(async (board, identity) => {
    await board.setId(id);
    return identity;
  });
  const after = await open(async (_board, identity) => identity);
  if (after.id !== id) {
    throw new NbError('NB_ERR_PROTOCOL', `the board on ${path} took SETID ${id} but now says id ${after.id}; flash it again, or report this with the board type`, {
      field: 'id',
    });
  }
  return { before, after };
}
