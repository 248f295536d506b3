/** A workaround for avr8js 0.21's UART, applied to every emulated board. */
import type { AVRUSART, CPU } from 'avr8js';
import type { McuSpec } from './mcu.js';

/**
 * avr8js 0.21 loses UART status flags on register writes, and with them received bytes:
 * - writing UCSRB with the receiver staying on clears a pending receive-complete (RXC). Arduino's
 *   HardwareSerial writes UCSRB (UDRIE) for every byte it queues to send;
 * - writing UCSRA stores only U2X/MPCM, wiping RXC and UDRE. HardwareSerial's transmit interrupt
 *   writes UCSRA (to clear TXC) after every byte sent.
 * Either way a byte that arrived just before is never read and the next one overwrites it ("LED 1
 * 200" read as "LED 1 20"). On the chip RXC and UDRE are read-only (RXC clears when UDR is read or
 * the receiver is turned off) and TXC clears only when 1 is written to it. Restore that.
 * - UDRE is a level, not an event: taking its interrupt does not clear it. avr8js clears it on
 *   dispatch, so an older Arduino core (1.0.x, as in avrgirl's StandardFirmata 2.3 builds), whose
 *   interrupt just turns UDRIE off when its buffer is empty, never transmits again.
 */
export function keepUartStatusFlags(cpu: CPU, usart: AVRUSART, spec: McuSpec): void {
  const { UCSRA, UCSRB } = spec.usart0;
  const RXC = 0x80;
  const TXC = 0x40;
  const UDRE = 0x20;
  const RXEN = 0x10;
  const interrupts = usart as unknown as Record<'RXC' | 'UDRE', Parameters<CPU['setInterruptFlag']>[0]>;
  const rxComplete = interrupts.RXC;
  interrupts.UDRE.constant = true;
  for (const register of [UCSRA, UCSRB]) {
    const original = cpu.writeHooks[register]!;
    cpu.writeHooks[register] = (value, oldValue, addr, mask) => {
      const before = cpu.data[UCSRA]!;
      const handled = original(value, oldValue, addr, mask);
      if (register === UCSRA) {
        const txc = value & TXC ? 0 : before & TXC; // write-one-to-clear
        cpu.data[UCSRA] = (cpu.data[UCSRA]! & ~(RXC | UDRE | TXC)) | (before & (RXC | UDRE)) | txc;
      }
      if ((before & RXC) !== 0 && (cpu.data[UCSRB]! & RXEN) !== 0) cpu.setInterruptFlag(rxComplete);
      return handled;
    };
  }
}
