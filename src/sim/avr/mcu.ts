/**
 * The two MCUs the boards use, described as data (register addresses and vector addresses from the
 * ATmega328P and ATmega2560 datasheets) so one generic board class can build either. avr8js ships
 * the 328P's configs; the 2560's are written out here: a 256 KiB flash (3-byte PC), 8 KiB SRAM after
 * a larger extended I/O space, 11 ports, and timers 3/4/5 with a third compare unit.
 */
import {
  eepromConfig,
  portAConfig,
  portBConfig,
  portCConfig,
  portDConfig,
  portEConfig,
  portFConfig,
  portGConfig,
  portHConfig,
  portJConfig,
  portKConfig,
  portLConfig,
  timer0Config,
  timer1Config,
  timer2Config,
  usart0Config,
  watchdogConfig,
} from 'avr8js';
import type { AVREEPROMConfig, AVRPortConfig, AVRTimerConfig, WatchdogConfig } from 'avr8js';
import { NbError } from '../../core/errors.js';
import type { BoardProfile } from '../../catalogue/schema.js';

export type UsartConfig = typeof usart0Config;

export interface McuSpec {
  name: string;
  flashBytes: number;
  /** What avr8js calls sramBytes: the data space above the first 0x100 bytes (so SP starts at RAMEND). */
  sramBytes: number;
  eepromBytes: number;
  ports: Record<string, AVRPortConfig>;
  timers: AVRTimerConfig[];
  usart0: UsartConfig;
  eeprom: AVREEPROMConfig;
  watchdog: WatchdogConfig;
  /** SMCR: sleep mode control; bit 0 is SE (sleep enable). */
  SMCR: number;
  /** MCUSR: reset cause flags. */
  MCUSR: number;
}

/** MCUSR bits. */
export const MCUSR_PORF = 0x01; // power-on reset
export const MCUSR_EXTRF = 0x02; // external reset (the RESET pin, which DTR pulses)
export const MCUSR_BORF = 0x04; // brown-out
export const MCUSR_WDRF = 0x08; // watchdog

export const ATMEGA328P: McuSpec = {
  name: 'atmega328p',
  flashBytes: 32 * 1024,
  sramBytes: 2048, // 0x100..0x8ff
  eepromBytes: 1024,
  ports: { B: portBConfig, C: portCConfig, D: portDConfig },
  timers: [timer0Config, timer1Config, timer2Config],
  usart0: usart0Config,
  eeprom: eepromConfig,
  watchdog: watchdogConfig,
  SMCR: 0x53,
  MCUSR: 0x54,
};

// --- ATmega2560 ---------------------------------------------------------------------------------
// Vectors are 2 words apart; the address is 2 × (datasheet vector number − 1).
const vec = (n: number): number => 2 * (n - 1);

const EICRA = 0x69;
const EICRB = 0x6a;
const EIMSK = 0x3d;
const EIFR = 0x3c;
const extInt = (index: number) => ({
  EICR: index < 4 ? EICRA : EICRB,
  EIMSK,
  EIFR,
  index,
  iscOffset: (index % 4) * 2,
  interrupt: vec(2 + index), // INT0 is vector 2
});

const megaPorts: Record<string, AVRPortConfig> = {
  A: portAConfig,
  // PCINT0..7 on port B; PCINT16..23 on port K. (PCINT1 spans PE0 and port J: not modelled, unused by Arduino cores.)
  B: { ...portBConfig, pinChange: { PCIE: 0, PCICR: 0x68, PCIFR: 0x3b, PCMSK: 0x6b, pinChangeInterrupt: vec(10), mask: 0xff, offset: 0 } },
  C: { ...portCConfig, pinChange: undefined },
  D: { ...portDConfig, pinChange: undefined, externalInterrupts: [extInt(0), extInt(1), extInt(2), extInt(3)] },
  E: { ...portEConfig, externalInterrupts: [null, null, null, null, extInt(4), extInt(5), extInt(6), extInt(7)] },
  F: portFConfig,
  G: portGConfig,
  H: portHConfig,
  J: portJConfig,
  K: { ...portKConfig, pinChange: { PCIE: 2, PCICR: 0x68, PCIFR: 0x3b, PCMSK: 0x6d, pinChangeInterrupt: vec(12), mask: 0xff, offset: 0 } },
  L: portLConfig,
};

const bits16 = { TOV: 1, OCFA: 2, OCFB: 4, OCFC: 8, TOIE: 1, OCIEA: 2, OCIEB: 4, OCIEC: 8 };

/** A 16-bit timer n (1, 3, 4, 5) of the 2560: registers at `base`, vectors from `firstVector` (CAPT). */
function megaTimer16(base: number, TIFR: number, TIMSK: number, firstVector: number, port: number, pins: [number, number, number], clockPort: number, clockPin: number): AVRTimerConfig {
  return {
    ...timer1Config,
    ...bits16,
    bits: 16,
    captureInterrupt: vec(firstVector),
    compAInterrupt: vec(firstVector + 1),
    compBInterrupt: vec(firstVector + 2),
    compCInterrupt: vec(firstVector + 3),
    ovfInterrupt: vec(firstVector + 4),
    TIFR,
    TIMSK,
    TCCRA: base,
    TCCRB: base + 1,
    TCCRC: base + 2,
    TCNT: base + 4,
    ICR: base + 6,
    OCRA: base + 8,
    OCRB: base + 10,
    OCRC: base + 12,
    compPortA: port,
    compPinA: pins[0],
    compPortB: port,
    compPinB: pins[1],
    compPortC: port,
    compPinC: pins[2],
    externalClockPort: clockPort,
    externalClockPin: clockPin,
  };
}

const P = (letter: string): number => megaPorts[letter]!.PORT;

export const ATMEGA2560: McuSpec = {
  name: 'atmega2560',
  flashBytes: 256 * 1024,
  sramBytes: 8192 + 0x100, // extended I/O runs to 0x1ff; SRAM is 0x200..0x21ff
  eepromBytes: 4096,
  ports: megaPorts,
  timers: [
    {
      ...timer0Config,
      compAInterrupt: vec(22),
      compBInterrupt: vec(23),
      ovfInterrupt: vec(24),
      compPortA: P('B'),
      compPinA: 7,
      compPortB: P('G'),
      compPinB: 5,
      externalClockPort: P('D'),
      externalClockPin: 7,
    },
    megaTimer16(0x80, 0x36, 0x6f, 17, P('B'), [5, 6, 7], P('D'), 6),
    {
      ...timer2Config,
      compAInterrupt: vec(14),
      compBInterrupt: vec(15),
      ovfInterrupt: vec(16),
      compPortA: P('B'),
      compPinA: 4,
      compPortB: P('H'),
      compPinB: 6,
    },
    megaTimer16(0x90, 0x38, 0x71, 32, P('E'), [3, 4, 5], P('E'), 6),
    megaTimer16(0xa0, 0x39, 0x72, 42, P('H'), [3, 4, 5], P('H'), 7),
    megaTimer16(0x120, 0x3a, 0x73, 47, P('L'), [3, 4, 5], P('L'), 2),
  ],
  usart0: { ...usart0Config, rxCompleteInterrupt: vec(26), dataRegisterEmptyInterrupt: vec(27), txCompleteInterrupt: vec(28) },
  eeprom: { ...eepromConfig, eepromReadyInterrupt: vec(31) },
  watchdog: { ...watchdogConfig, watchdogInterrupt: vec(13) },
  SMCR: 0x53,
  MCUSR: 0x54,
};

const SPECS: readonly McuSpec[] = [ATMEGA328P, ATMEGA2560];

/** The register map of the catalogue's `mcu`; NB_ERR_INVALID_PROFILE for an MCU the emulator has none of. */
export function mcuSpec(name: string): McuSpec {
  const spec = SPECS.find((s) => s.name === name);
  if (!spec) {
    throw new NbError('NB_ERR_INVALID_PROFILE', `the emulator cannot run a ${name}: it has register maps for ${SPECS.map((s) => s.name).join(' and ')} only (src/sim/avr/mcu.ts)`, { field: 'mcu' });
  }
  return spec;
}

/** An MCU pin: port letter and bit, e.g. PB1 → { port: 'B', bit: 1 }. */
export interface McuPin {
  arduinoPin: number;
  port: string;
  bit: number;
}

/** Resolves an Arduino pin number through the profile's pin table. */
export function mcuPin(profile: BoardProfile, arduinoPin: number): McuPin {
  const where = profile.pins[String(arduinoPin)];
  if (!where) throw new NbError('NB_ERR_INVALID_PROFILE', `board profile ${profile.name} has no pin ${arduinoPin} in "pins"`, { field: `pins["${arduinoPin}"]` });
  return { arduinoPin, port: where[1]!, bit: Number(where[2]) };
}
