/** The shipped board catalogue (read by the Node host), and fake boards of its kinds, for tests. */
import { packageHexFiles, shippedCatalogue } from '../../src/hosts/node/boardFiles.js';
import { mockSerialLink } from '../../src/hosts/node/mockSerialLink.js';
import { FakeBoard, type FakeBoardOptions } from '../../src/sim/fake/fakeBoard.js';

export const catalogue = shippedCatalogue();
export { packageHexFiles };

/** A fake board of the catalogue's kind `board` (default uno), on the mock serial layer. */
export function fakeBoard(options: Omit<FakeBoardOptions, 'profile' | 'link'> & { board?: string } = {}): FakeBoard {
  const { board = 'uno', ...rest } = options;
  return new FakeBoard({ profile: catalogue.get(board), link: mockSerialLink, ...rest });
}
