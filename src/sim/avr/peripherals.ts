/**
 * The chip around the core: avr8js peripherals wired to a freshly built CPU, as one reset leaves them.
 * Configuration comes from the MCU spec (mcu.ts); the code is the same for every board.
 */
import {
  ADCMuxInputType,
  AVRADC,
  AVRClock,
  AVREEPROM,
  AVRIOPort,
  AVRTimer,
  AVRUSART,
  AVRWatchdog,
  adcConfig,
  type ADCMuxInput,
  type CPU,
  type EEPROMMemoryBackend,
} from 'avr8js';
import type { McuSpec } from './mcu.js';
import { installTimerLookahead } from './timerLookahead.js';
import { keepUartStatusFlags } from './uartFlagsFix.js';

export interface PeripheralOptions {
  spec: McuSpec;
  clockHz: number;
  /** The board's EEPROM cells: the same backend across resets, so the board id survives them. */
  eeprom: EEPROMMemoryBackend;
  timerLookahead: boolean;
  /** Noise for a floating analog pin (0..1). */
  random: () => number;
}

export interface Peripherals {
  ports: Map<string, AVRIOPort>;
  usart: AVRUSART;
}

export function attachPeripherals(cpu: CPU, options: PeripheralOptions): Peripherals {
  const { spec, clockHz, random } = options;
  const clock = new AVRClock(cpu, clockHz);
  const ports = new Map<string, AVRIOPort>();
  for (const [letter, config] of Object.entries(spec.ports)) ports.set(letter, new AVRIOPort(cpu, config));
  const timers = spec.timers.map((config) => new AVRTimer(cpu, config));
  if (options.timerLookahead) installTimerLookahead(cpu, timers);
  const usart = new AVRUSART(cpu, spec.usart0, clockHz);
  keepUartStatusFlags(cpu, usart, spec);
  new AVREEPROM(cpu, options.eeprom, spec.eeprom);
  new AVRWatchdog(cpu, spec.watchdog, clock);
  const adc = new AVRADC(cpu, spec.name === 'atmega2560' ? { ...adcConfig, adcInterrupt: 0x3a } : adcConfig);
  // A floating analog pin reads noise; the firmware seeds a fresh board id from it.
  adc.onADCRead = (input: ADCMuxInput) => {
    const raw = input.type === ADCMuxInputType.Constant ? Math.round((input.voltage / 5) * 1023) : Math.floor(random() * 1024);
    cpu.addClockEvent(() => adc.completeADCRead(raw), adc.sampleCycles);
  };
  return { ports, usart };
}
