/** The serial ports and, when probed, what answered on each: shared by `ports` and `doctor`. */
import { shippedCatalogue } from '../hosts/node/boardFiles.js';
import { listSerialPorts, type FoundPort } from '../hosts/node/portList.js';
import { probePort, type ProbeResult } from './boardProbe.js';

export interface PortReport extends FoundPort {
  /** What answered when the port was opened; absent when it was not probed. */
  probe?: ProbeResult;
}

/** Lists the ports and, when `probe`, opens each likely one (in parallel: each may take seconds). */
export async function portReports(probe: boolean): Promise<PortReport[]> {
  const ports = await listSerialPorts(shippedCatalogue());
  return Promise.all(
    ports.map(async (port): Promise<PortReport> => (probe && port.likely ? { ...port, probe: await probePort(port.path) } : { ...port })),
  );
}
