/// <reference types="w3c-web-serial" />
/**
 * The serial ports a page (or a dedicated worker) may use, named. Web Serial has no paths: a port is
 * an object the person granted once (`requestPort()`, with a user gesture) that `getPorts()` returns
 * again later. The neutral code opens ports by path (`SerialBinding.open({ path })`), so each granted
 * SerialPort object gets a name here, `webserial:<n>`, kept as long as the object lives.
 *
 * A board unplugged and plugged back in is a new SerialPort object (Chromium makes one per USB
 * enumeration; the old one stays dead: the stale-port trap duino.app and others fell into), so it gets
 * a new name, and the dead one is dropped at its `disconnect` event. Which board is on a port is known
 * only by what its firmware announces (BOOT/HELLO), as on Node where /dev/ttyACM0 may come back as
 * ttyACM1: the runtime finds a rig board by its id, not by its port.
 *
 * Chromium keeps a grant across unplugs only for a USB device with a serial number (genuine Unos and
 * Megas, FTDI); a CH340 or CP210x clone without one must be chosen again after it is replugged
 * (Chromium's SerialChooserContext::CanStorePersistentEntry). `connect` fires only for granted ports.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { NbError } from '../../core/errors.js';
import type { SerialBinding } from '../../platform/serialBinding.js';
import { WebSerialHandle } from './webSerialBinding.js';

/** A granted port as a port list shows it: the fields the Node host's port list gives (src/hosts/node/portList.ts). */
export interface WebSerialPortInfo {
  path: string;
  /** USB ids as 4 lower-case hex digits ("2341"), when the port is a USB device. */
  vendorId?: string;
  productId?: string;
  /** The catalogue's kinds of board sold with this USB chip ("uno", "mega"); empty when none is. */
  boards: string[];
  /** True when a board of the catalogue may be on it (its USB vendor sells boards' chips). */
  likely: boolean;
}

interface Entry {
  info: WebSerialPortInfo;
  port: SerialPort;
  handle: WebSerialHandle | null;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** Where Web Serial is missing, what to do about it. */
export const NO_WEB_SERIAL =
  'this browser has no Web Serial (navigator.serial): use Chrome, Edge or another Chromium browser on a computer or Chromebook (version 89 or later), ' +
  'over https or on http://localhost; Firefox and Safari cannot reach serial ports. The emulated boards work in any browser.';

export class WebSerialPorts {
  /** The binding the neutral code opens these ports through (the line transport, the flasher). */
  readonly binding: SerialBinding;
  private readonly entries = new Map<string, Entry>();
  private readonly byPort = new Map<SerialPort, Entry>();
  private readonly watchers = new Set<() => void>();
  private next = 1;
  private readonly onConnect = (event: Event): void => {
    const port = event.target as SerialPort | null;
    if (port && port !== (this.serial as unknown)) this.name(port);
    this.changed();
  };
  private readonly onDisconnect = (event: Event): void => {
    const port = event.target as SerialPort | null;
    const entry = port ? this.byPort.get(port) : undefined;
    if (entry) this.drop(entry);
    this.changed();
  };

  constructor(
    private readonly serial: Serial,
    readonly catalogue: BoardCatalogue,
  ) {
    this.binding = { open: (options) => this.open(options.path, options.baudRate) };
    serial.addEventListener('connect', this.onConnect);
    serial.addEventListener('disconnect', this.onDisconnect);
  }

  /** The ports of `navigator.serial` (a page's or a dedicated worker's); NB_ERR_PORT_OPEN saying what to do where there is none. */
  static fromNavigator(catalogue: BoardCatalogue): WebSerialPorts {
    const serial = (globalThis as { navigator?: { serial?: Serial } }).navigator?.serial;
    if (!serial) throw new NbError('NB_ERR_PORT_OPEN', NO_WEB_SERIAL);
    return new WebSerialPorts(serial, catalogue);
  }

  /** One filter per USB vendor whose chips the catalogue's boards are sold with (Arduino, WCH's CH340, FTDI, Silicon Labs…). */
  filters(): SerialPortFilter[] {
    const vendors = new Set(this.catalogue.profiles.flatMap((p) => p.usb.map((u) => u.vendorId)));
    return [...vendors].map((v) => ({ usbVendorId: parseInt(v, 16) }));
  }

  /** Asks getPorts() for the granted ports, names the new ones and drops those no longer there. */
  async refresh(): Promise<WebSerialPortInfo[]> {
    const ports = await this.serial.getPorts();
    const present = new Set(ports);
    for (const entry of [...this.entries.values()]) if (!present.has(entry.port)) this.drop(entry);
    for (const port of ports) this.name(port);
    return this.list();
  }

  /** The granted ports known now, oldest first (refresh() asks the browser again). */
  list(): WebSerialPortInfo[] {
    return [...this.entries.values()].map((e) => ({ ...e.info, boards: [...e.info.boards] }));
  }

  /** What refresh() gives, for whoever lists ports to find boards (the runtime's hardware source). */
  listPorts(): Promise<WebSerialPortInfo[]> {
    return this.refresh();
  }

  /**
   * Shows the browser's port picker, offering the ports whose USB vendor the catalogue's boards use,
   * and names the port chosen. Only in a page (workers have no picker), from a click or key press.
   */
  async request(): Promise<WebSerialPortInfo> {
    if (typeof this.serial.requestPort !== 'function') {
      throw new NbError('NB_ERR_PORT_OPEN', 'a board can only be chosen from the page (a worker has no port picker): ask the page to show it, then use the port here.');
    }
    let port: SerialPort;
    try {
      port = await this.serial.requestPort({ filters: this.filters() });
    } catch (err) {
      throw requestError(err);
    }
    const entry = this.name(port);
    this.changed();
    return { ...entry.info };
  }

  /** The name of a granted port (one the page has just been given, from a `connect` event or requestPort), naming it if new. */
  pathOf(port: SerialPort): string {
    return this.name(port).info.path;
  }

  /** "webserial:2 (USB 2341:0043, uno)": a port as messages name it. */
  describe(path: string): string {
    const info = this.entries.get(path)?.info;
    if (!info) return path;
    const usb = info.vendorId ? `USB ${info.vendorId}:${info.productId ?? '????'}` : 'not USB';
    const kinds = info.boards.length > 0 ? `, ${info.boards.join(' or ')}` : '';
    return `${path} (${usb}${kinds})`;
  }

  /** Calls `changed` whenever a port comes or goes, until the returned function is called. */
  watch(changed: () => void): () => void {
    this.watchers.add(changed);
    return () => this.watchers.delete(changed);
  }

  /** Stops following the browser's connect and disconnect events. */
  dispose(): void {
    this.serial.removeEventListener('connect', this.onConnect);
    this.serial.removeEventListener('disconnect', this.onDisconnect);
    this.watchers.clear();
  }

  private name(port: SerialPort): Entry {
    const known = this.byPort.get(port);
    if (known) return known;
    const { usbVendorId, usbProductId } = port.getInfo();
    const vendorId = usbVendorId === undefined ? undefined : hex4(usbVendorId);
    const productId = usbProductId === undefined ? undefined : hex4(usbProductId);
    const boards = vendorId && productId ? this.catalogue.byUsb(vendorId, productId).map((p) => p.name) : [];
    const info: WebSerialPortInfo = {
      path: `webserial:${this.next++}`,
      ...(vendorId ? { vendorId } : {}),
      ...(productId ? { productId } : {}),
      boards,
      likely: vendorId ? this.catalogue.isBoardVendor(vendorId) : false,
    };
    const entry: Entry = { info, port, handle: null };
    this.entries.set(info.path, entry);
    this.byPort.set(port, entry);
    return entry;
  }

  private drop(entry: Entry): void {
    this.entries.delete(entry.info.path);
    this.byPort.delete(entry.port);
  }

  private changed(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  private async open(path: string, baudRate: number): Promise<WebSerialHandle> {
    const entry = this.entries.get(path);
    if (!entry) {
      throw new NbError(
        'NB_ERR_PORT_OPEN',
        `${path} is not a serial port this page may use now: its board was unplugged (plugged back in, it comes back under a new name) or it was never chosen. ` +
          'Plug the board in and choose it again if the browser asks.',
        { field: 'port' },
      );
    }
    if (entry.handle?.isOpen) {
      throw new NbError('NB_ERR_PORT_OPEN', `${this.describe(path)} is already open in this page: close the board there first.`, { field: 'port' });
    }
    const handle = await WebSerialHandle.open(entry.port, this.describe(path), baudRate);
    entry.handle = handle;
    return handle;
  }
}

/** What requestPort's refusal means to the person who clicked. */
function requestError(err: unknown): NbError {
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'NotFoundError') {
    return new NbError(
      'NB_ERR_PORT_OPEN',
      'no board was chosen: the browser listed no port of an Arduino or of its USB chip (CH340, FTDI, CP210x), or the list was closed. ' +
        'Plug the board in (try another USB cable: some only charge; a CH340 clone may need its driver on Windows or macOS) and choose it again.',
      { field: 'port', cause: err },
    );
  }
  if (name === 'SecurityError') {
    return new NbError(
      'NB_ERR_PORT_OPEN',
      `the browser did not let this page ask for a serial port (${message}): choosing a board must come from a click or key press, ` +
        'and a school or company may block serial ports for sites (its administrator can allow this one). Click "Connect a board" again.',
      { field: 'port', cause: err },
    );
  }
  return new NbError('NB_ERR_PORT_OPEN', `the browser could not show its port picker (${message}): reload the page and try again.`, { field: 'port', cause: err });
}
