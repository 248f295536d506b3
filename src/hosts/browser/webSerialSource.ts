/**
 * Real boards for the exhibit in a browser: the runtime's hardware source (src/runtime/sources/
 * hardwareSource.ts, the one Node uses), given the Web Serial binding and the ports the person
 * granted (WebSerialPorts) as its port list. Nothing of it is copied here: a rig board is found by the
 * id its firmware announces, each port is opened (and so reset) once per search, and nothing is sent
 * before BOOT (the line transport's rule, firmware/PROTOCOL.md).
 *
 * Unplug and replug: Chromium gives a replugged board a NEW SerialPort, which WebSerialPorts names
 * webserial:<n+1>; the board's supervisor retries with backoff, and every retry lists the ports again
 * (getPorts()), so the new name is found with no reload. StandardFirmata needs johnny-five, which is
 * Node only: a rig board with "transport": "firmata" is refused with why.
 */
import { HardwareBoardSource } from '../../runtime/sources/hardwareSource.js';
import type { ResolvedRig } from '../../runtime/rig/validate.js';
import type { BoardTimeouts } from '../../transports/serialBoard.js';
import type { WebSerialPorts } from './webSerialPorts.js';

export interface WebSerialSourceOptions {
  rig: ResolvedRig;
  ports: WebSerialPorts;
  log?: (level: 'info' | 'warn', message: string) => void;
  timeouts?: Partial<BoardTimeouts>;
}

/** The rig's boards on the granted Web Serial ports. */
export function webSerialBoardSource(options: WebSerialSourceOptions): HardwareBoardSource {
  return new HardwareBoardSource({
    rig: options.rig,
    catalogue: options.ports.catalogue,
    binding: options.ports.binding,
    listPorts: () => options.ports.listPorts(),
    firmata: null,
    ...(options.log ? { log: options.log } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
}
