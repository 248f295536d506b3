/// <reference types="w3c-web-serial" />
/**
 * The fake navigator.serial split as the site splits Web Serial: the boards live where the ports
 * are opened (the site's exhibit worker, `serveFakeToPages`), and a page has the picker
 * (`installPickerFacade`). In Chromium a grant made by a page's requestPort is the origin's, so it is in
 * the worker's getPorts() too; here the page's picker asks the worker's fake over a BroadcastChannel,
 * which grants the chosen device there. The page gets SerialPort objects that only tell their USB ids,
 * which is all a page can use of a port it cannot hand to a worker.
 */
import type { FakeSerial } from './fakeWebSerial.js';

const CHANNEL = 'neuroboard-test-fake-serial';

type Question = { op: 'choose'; filters: SerialPortFilter[] | undefined } | { op: 'getPorts' };
type Ask = Question & { id: number };
type Answer = { id: number; infos: SerialPortInfo[] } | { id: number; error: { name: string; message: string; type: boolean } };

/** In the context that has the boards: answers the pages' pickers and getPorts() from `fake`. */
export function serveFakeToPages(fake: FakeSerial): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = async (e: MessageEvent<Ask | Answer>) => {
    const ask = e.data;
    if (!('op' in ask)) return;
    try {
      const infos = ask.op === 'choose' ? [fake.choose(ask.filters).getInfo()] : (await fake.getPorts()).map((p) => p.getInfo());
      channel.postMessage({ id: ask.id, infos } satisfies Answer);
    } catch (err) {
      const { name, message } = err as Error;
      channel.postMessage({ id: ask.id, error: { name, message, type: err instanceof TypeError } } satisfies Answer);
    }
  };
}

/** A port as a page sees one granted in another context: its USB ids. */
class PortInPage extends EventTarget {
  constructor(private readonly info: SerialPortInfo) {
    super();
  }
  getInfo(): SerialPortInfo {
    return this.info;
  }
}

/** In a page: navigator.serial with the picker (a user gesture needed, as in Chromium) and getPorts(), over the fake in the worker. */
export function installPickerFacade(): { requests(): number } {
  const channel = new BroadcastChannel(CHANNEL);
  const waiting = new Map<number, (answer: Answer) => void>();
  let next = 1;
  let requests = 0;
  channel.onmessage = (e: MessageEvent<Ask | Answer>) => {
    if ('op' in e.data) return;
    waiting.get(e.data.id)?.(e.data);
    waiting.delete(e.data.id);
  };
  const ask = (message: Question): Promise<SerialPortInfo[]> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, (answer) => {
        if ('infos' in answer) resolve(answer.infos);
        else reject(answer.error.type ? new TypeError(answer.error.message) : new DOMException(answer.error.message, answer.error.name));
      });
      channel.postMessage({ ...message, id });
    });
  const serial = Object.assign(new EventTarget(), {
    onconnect: null,
    ondisconnect: null,
    async requestPort(options?: SerialPortRequestOptions): Promise<PortInPage> {
      requests += 1;
      if (!navigator.userActivation.isActive) {
        throw new DOMException("Failed to execute 'requestPort' on 'Serial': Must be handling a user gesture to show a permission request.", 'SecurityError');
      }
      const [info] = await ask({ op: 'choose', filters: options?.filters });
      return new PortInPage(info!);
    },
    async getPorts(): Promise<PortInPage[]> {
      return (await ask({ op: 'getPorts' })).map((info) => new PortInPage(info));
    },
  });
  Object.defineProperty(navigator, 'serial', { value: serial, configurable: true });
  return { requests: () => requests };
}
