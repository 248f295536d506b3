/**
 * One board kind, as a file in boards/profiles/ describes it: everything any layer needs to know
 * about that kind of Arduino (how it shows up on USB, which chip and signature, which bootloader at
 * which speed and how it behaves, its channels and pins, the firmware built for it). One TypeBox
 * schema gives the TypeScript type, the check each file gets when loaded (parseProfile.ts) and the
 * JSON Schema published as boards/profile.schema.json (regenerate with `npm run schemas`).
 */
import Type from 'typebox';
import { BAUD, BOARD_TYPE_PATTERN, MAX_CHANNELS_ANY_BOARD } from '../protocol/constants.js';

/** A board kind's name is a board type's token on the wire. */
const BOARD_NAME_PATTERN = BOARD_TYPE_PATTERN.source;

const FuseByte = Type.String({ pattern: '^0x[0-9a-fA-F]{2}$', description: 'A byte in hex, as datasheets and avrdude write fuses ("0xde").' });
const UsbHex = Type.String({ pattern: '^[0-9a-f]{4}$', description: '4 lower-case hex digits, as the operating system reports them.' });

export const UsbIdSchema = Type.Object(
  {
    vendorId: UsbHex,
    productId: UsbHex,
    chip: Type.Union([Type.Literal('16U2'), Type.Literal('8U2'), Type.Literal('CH340'), Type.Literal('FTDI'), Type.Literal('CP210x'), Type.Literal('native')], {
      description:
        'What answers on USB: the USB-serial chip beside the MCU, or the MCU itself (native). Android Chrome drives the CDC-ACM ones (16U2, 8U2, native) but not CH340, FTDI or CP210x.',
    }),
    manufacturer: Type.Optional(Type.String({ description: 'What the chip reports as its manufacturer.' })),
  },
  { additionalProperties: false },
);

export const BootloaderSchema = Type.Object(
  {
    kind: Type.String({ pattern: BOARD_NAME_PATTERN, description: 'Which bootloader: boards of the same kind run the same one (optiboot, atmegaboot, stk500v2).' }),
    description: Type.String({ description: 'How messages name it: "optiboot (Uno, Nano)".' }),
    hex: Type.String({ description: 'Its hex file (firmware/bootloaders/), relative to the repository root.' }),
    protocol: Type.Union([Type.Literal('stk500v1'), Type.Literal('stk500v2')], { description: 'What `neuroboard flash` speaks to it.' }),
    baudRate: Type.Integer({ minimum: 1, description: 'Its serial speed (not the sketch\'s).' }),
    emulated: Type.Optional(
      Type.Boolean({ description: 'Simulated boards run it by default (default true); false: the sketch starts at once unless a board asks for the bootloader.' }),
    ),
    listensAfterByteMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'A bootloader that restarts its timeout on every byte it receives (the Mega\'s stk500v2): how long it keeps listening after one. After a missed reply the host sends nothing for this long, so the bootloader can time out and start the sketch.',
      }),
    ),
    dtrToBootMs: Type.Integer({
      minimum: 0,
      description: 'From the DTR reset to the sketch\'s BOOT line behind this bootloader, in ms (firmware/PROTOCOL.md, Link; measured in the emulator).',
    }),
  },
  { additionalProperties: false },
);

export const BoardProfileSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Type.String({ pattern: BOARD_NAME_PATTERN, description: 'The board kind: its file name (<name>.json), what rigs and `--board` call it.' }),
    announces: Type.String({
      pattern: BOARD_NAME_PATTERN,
      description:
        'The board type its firmware announces (BOOT/HELLO). A kind that announces another kind\'s name is a variant of it (nano-old: a Nano clone with the old bootloader), reached through that kind.',
    }),
    order: Type.Integer({ minimum: 0, description: 'Where this kind comes when kinds are listed to a person (`--board` choices, errors): lowest first.' }),
    title: Type.String(),
    mcu: Type.String({ pattern: '^[a-z0-9]+$', description: 'The MCU, lower case as avr-gcc names it (atmega328p); the emulator has a register map per MCU.' }),
    chip: Type.Object(
      {
        name: Type.String({ description: 'The MCU as its datasheet writes it (ATmega328P).' }),
        signature: Type.String({ pattern: '^[0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}$', description: 'Its device signature bytes (datasheet, "Signature Bytes"): what the bootloader reports.' }),
        pageBytes: Type.Integer({ minimum: 2, description: 'Its flash page, in bytes (datasheet, "Page Size"): what a bootloader writes at once.' }),
      },
      { additionalProperties: false },
    ),
    clockHz: Type.Integer({ minimum: 1_000_000 }),
    baudRate: Type.Literal(BAUD, { description: 'The sketch\'s serial speed (firmware/PROTOCOL.md).' }),
    flashBytes: Type.Integer({ minimum: 1024 }),
    eepromBytes: Type.Integer({ minimum: 64 }),
    resetOnOpen: Type.Boolean({ description: 'Opening the port pulses DTR and resets the board (Uno, Nano, Mega).' }),
    fuses: Type.Optional(
      Type.Object(
        { low: FuseByte, high: FuseByte, extended: FuseByte },
        {
          additionalProperties: false,
          description: 'The fuse bytes the board ships with. The simulator reads BOOTRST and BOOTSZ from the high fuse: reset starts the bootloader at the boot section\'s start.',
        },
      ),
    ),
    bootloader: Type.Optional(BootloaderSchema),
    flashOption: Type.Optional(
      Type.String({ pattern: '^--[a-z-]+$', description: 'For a variant: the `neuroboard flash` option that picks its bootloader (--old-bootloader).' }),
    ),
    firmware: Type.String({ description: 'Path of the committed .hex, relative to the repository root.' }),
    usb: Type.Array(UsbIdSchema, { minItems: 1, description: 'How the board shows up on USB: the ids of each USB-serial chip it is sold with, the usual one first.' }),
    channels: Type.Object(
      {
        max: Type.Integer({ minimum: 1, maximum: MAX_CHANNELS_ANY_BOARD }),
        default: Type.Integer({ minimum: 1 }),
        ledPins: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1 }),
        buttonPins: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1 }),
      },
      { additionalProperties: false },
    ),
    pwmPins: Type.Array(Type.Integer({ minimum: 0 })),
    pins: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.String({ pattern: '^P[A-L][0-7]$' }), {
      additionalProperties: false,
      description: 'Arduino pin number → MCU port and bit (e.g. "9": "PB1"), for the simulator.',
    }),
    avrdude: Type.Object(
      {
        partno: Type.String(),
        programmer: Type.String(),
        baudRate: Type.Integer(),
        oldBootloaderBaudRate: Type.Optional(Type.Integer()),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type BoardProfile = Type.Static<typeof BoardProfileSchema>;
export type Bootloader = Type.Static<typeof BootloaderSchema>;
export type UsbId = Type.Static<typeof UsbIdSchema>;
