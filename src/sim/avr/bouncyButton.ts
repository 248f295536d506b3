/**
 * A push button between a pin and GND, as a real one behaves: the contact chatters for a few ms
 * before it settles, so the firmware's debounce is what gets tested. avr8js has no internal
 * pull-ups, so the released level (high) is driven here.
 */
import type { AVRIOPort, CPU } from 'avr8js';
import type { McuPin } from './mcu.js';

export class BouncyButton {
  pressed: boolean;
  /** Bumped on each press/release so a superseded bounce sequence stops toggling the pin. */
  private generation = 0;

  /** Wires the button to a (new) port, held at its current position. */
  constructor(
    private readonly cpu: CPU,
    private readonly port: AVRIOPort,
    private readonly pin: McuPin,
    pressed: boolean,
  ) {
    this.pressed = pressed;
    port.setPin(pin.bit, !pressed);
  }

  /** Moves the contact: first touch at once, an even number of random edges within `bounceCycles`, then the settled level. */
  set(pressed: boolean, bounceCycles: number, random: () => number): void {
    if (this.pressed === pressed) return;
    this.pressed = pressed;
    const generation = ++this.generation;
    const settled = !pressed; // pressed pulls the pin to GND
    const toggles = 2 * (2 + Math.floor(random() * 4));
    const times: number[] = [];
    for (let i = 0; i < toggles; i++) times.push(1 + Math.floor(random() * bounceCycles));
    times.sort((a, b) => a - b);
    const { port, pin } = this;
    port.setPin(pin.bit, settled);
    times.forEach((at, i) => {
      this.cpu.addClockEvent(() => {
        if (this.generation === generation) port.setPin(pin.bit, i % 2 === 0 ? !settled : settled);
      }, at);
    });
  }
}
