/**
 * Giving a freshly flashed board its id, on any host: SETID over our protocol, then open the port
 * again and read the id from the board's own announcement (BOOT after the reset, or HELLO), so what is
 * reported is what the board says, not what we sent. `neuroboard flash` (src/cli/boardId.ts) and the
 * site's flashing (src/hosts/browser/flashInWorker.ts) both end with it.
 */
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import { NbError } from '../core/errors.js';
import type { SerialBinding } from '../platform/serialBinding.js';
import type { BoardIdentity } from './board.js';
import { SerialNeuronBoard, type BoardTimeouts } from './serialBoard.js';

export async function setAndConfirmBoardId(
  path: string,
  id: string,
  binding: SerialBinding,
  catalogue: BoardCatalogue,
  timeouts?: Partial<BoardTimeouts>,
): Promise<{ before: BoardIdentity; after: BoardIdentity }> {
  const open = async <T>(use: (board: SerialNeuronBoard, identity: BoardIdentity) => Promise<T>): Promise<T> => {
    const board = new SerialNeuronBoard({ path, binding, catalogue, transport: 'serial', ...(timeouts ? { timeouts } : {}) });
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
