/**
 * Regression test. Found by the soak's memory slope (heap after GC climbing ~19 MB/h in the never-killed digits7
 * exhibit; heap snapshots 1 and 4 minutes in showed +91 SerialPortStream, +153 array buffers ≈ +6 MB).
 *
 * The bug (src/runtime/sources/emulatedSource.ts, then `track`, used by FakeBoardSource.open and
 * SimBoardSource.open): the board is added to `opened` before it is opened, and removed only on its
 * 'close' event; SerialNeuronBoard emits no 'close' for a session that ends during the open or the
 * handshake (serialBoard.ts `endSession`: `if (!handshake) ... emit('close')`; the port-open failure
 * path in `open()` throws without one). So every failed open (a board unplugged while the supervisor
 * retries, a silent board, an impostor) keeps its SerialNeuronBoard, its SerialPortStream and its
 * read buffer forever: unbounded growth in a long-running simulated or fake exhibit.
 * (HardwareBoardSource tracks a board only after a successful open and is not affected.)
 *
 * Fixed: `openTracked` forgets a board whose open rejects.
 */
import { describe, expect, it } from 'vitest';
import { FakeBoardSource } from '../../src/runtime/sources/fakeSource.js';
import { testRig } from '../server/exhibitForTests.js';
import { nodeFakeSource } from '../../src/hosts/node/boardSources.js';

const openedOf = (source: FakeBoardSource) => (source as unknown as { opened: Set<unknown> }).opened;

describe('board sources keep no board whose open failed', () => {
  it('control: a board that opened and closed is forgotten', async () => {
    const rig = await testRig();
    const source = nodeFakeSource(rig);
    const board = await source.open(rig.boards[0]!);
    await board.close();
    expect(openedOf(source).size).toBe(0);
    await source.close();
  });

  it('fault: 20 failed opens of an unplugged fake board leave no board (and no port stream) in the source', async () => {
    const rig = await testRig();
    const source = nodeFakeSource(rig);
    source.devices.get(rig.boards[0]!.id)!.unplug();
    for (let i = 0; i < 20; i++) await expect(source.open(rig.boards[0]!)).rejects.toThrow();
    expect(openedOf(source).size).toBe(0);
    await source.close();
  });
});
