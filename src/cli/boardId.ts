/**
 * Giving a freshly flashed board its id from the CLI: the shipped catalogue judges what the board
 * announces; the work is src/transports/boardId.ts, which the site's flashing shares.
 */
import { shippedCatalogue } from '../hosts/node/boardFiles.js';
import type { SerialBinding } from '../platform/serialBinding.js';
import type { BoardIdentity } from '../transports/board.js';
import { setAndConfirmBoardId } from '../transports/boardId.js';
import type { BoardTimeouts } from '../transports/serialBoard.js';

export function setAndConfirmId(
  path: string,
  id: string,
  binding: SerialBinding,
  timeouts?: Partial<BoardTimeouts>,
): Promise<{ before: BoardIdentity; after: BoardIdentity }> {
  return setAndConfirmBoardId(path, id, binding, shippedCatalogue(), timeouts);
}
