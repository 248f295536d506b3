import { describe, expect, it } from 'vitest';
import { setAndConfirmId } from '../../src/cli/boardId.js';
import { probePort } from '../../src/cli/boardProbe.js';
import { fakeBoard } from '../helpers/boards.js';

// The fake board speaks the firmware's protocol through binding-mock: the same SerialNeuronBoard
// path `ports`, `doctor` and `flash --id` use on hardware.
const fast = { bootWaitMs: 200, replyMs: 500, openMs: 2000 };

describe('asking a port who is there', () => {
  it('reports the board type, id, firmware and channels of a board that answers', async () => {
    const device = fakeBoard({ path: 'fake:probe-ok', id: 'c0ffee01', board: 'nano', firmware: '0.1.0' });
    const result = await probePort(device.path, { binding: device.binding, timeouts: fast });
    expect(result).toMatchObject({ answered: true, identity: { board: 'nano', id: 'c0ffee01', firmware: '0.1.0' } });
  });

  it('says a board of another protocol version (proto 9) did not answer as ours, with the code, and never throws', async () => {
    const device = fakeBoard({ path: 'fake:probe-proto', proto: 9 });
    const result = await probePort(device.path, { binding: device.binding, timeouts: fast });
    expect(result.answered).toBe(false);
    if (!result.answered) expect(result.code).toBe('NB_ERR_PROTOCOL_VERSION');
  });

  it('says a port that does not exist did not answer', async () => {
    const device = fakeBoard({ path: 'fake:probe-exists' });
    const result = await probePort('fake:no-such-port', { binding: device.binding, timeouts: fast });
    expect(result.answered).toBe(false);
  });
});

describe('giving a flashed board its id', () => {
  it('sets the id and confirms it from what the board announces when reopened', async () => {
    const device = fakeBoard({ path: 'fake:setid', id: '11111111' });
    const { before, after } = await setAndConfirmId(device.path, 'a0000001', device.binding, fast);
    expect(before.id).toBe('11111111');
    expect(after.id).toBe('a0000001');
    expect(device.id).toBe('a0000001');
  });
});
