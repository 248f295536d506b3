// EEPROM layout (layout version 1):
//
//   addr  size  field
//   0     2     magic 'n' 'b' (0x6e 0x62): this EEPROM was written by neuroboard
//   2     1     layout version, 1
//   3     1     channel count in use, 1..max channels of the board
//   4     4     board id, most significant byte first (as printed: 3f2a91c0 = 3f 2a 91 c0)
//
// The id at 4..7 is kept when the magic is there and the id is not 00000000 or ffffffff, whatever
// the layout version, so a future layout must keep it there to survive an upgrade or a downgrade.
// Without the magic, bytes 4..7 were left by another sketch: two boards that ran the same sketch
// would come up with the same "id", so a board without the magic makes up a fresh one
// (PROTOCOL.md: Board id). Every other field is only trusted when the magic and the layout version
// match; otherwise it is reset to its default and the magic and version are written. Writes use eeprom_update_byte, so an
// unchanged byte costs no erase cycle. A simulator can give each board its own id by preloading
// bytes 0..7 with 6e 62 01 01 and the id.
#include <Arduino.h>
#include <avr/eeprom.h>
#include "board_config.h"
#include "settings.h"

static uint8_t *const ADDR_MAGIC0 = (uint8_t *)0;
static uint8_t *const ADDR_MAGIC1 = (uint8_t *)1;
static uint8_t *const ADDR_LAYOUT = (uint8_t *)2;
static uint8_t *const ADDR_CHANNELS = (uint8_t *)3;
static uint8_t *const ADDR_ID = (uint8_t *)4;
static const uint8_t MAGIC0 = 0x6e, MAGIC1 = 0x62, LAYOUT_VERSION = 1;

// SRAM powers up in a random state on real chips: one more source of noise for a new id.
static uint8_t powerOnRam[32] __attribute__((section(".noinit")));

bool settingsIdIsReserved(uint32_t id) { return id == 0 || id == 0xffffffffUL; }

static uint32_t mix(uint32_t h, uint16_t v) {
  // FNV-1a over the two bytes of v.
  h = (h ^ (v & 0xff)) * 16777619UL;
  return (h ^ (v >> 8)) * 16777619UL;
}

// A new id from ADC noise on the (usually floating) analog inputs, the free-running timers and
// the power-on SRAM content. Only runs once per board, so it may take a few milliseconds.
static uint32_t makeId() {
  uint32_t h = 2166136261UL;
  for (uint8_t i = 0; i < sizeof powerOnRam; i++) h = mix(h, powerOnRam[i]);
  for (uint8_t i = 0; i < 48; i++) {
    h = mix(h, analogRead(A0 + (i % 6)));
    h = mix(h, (uint16_t)micros() ^ ((uint16_t)TCNT1 << 8));
  }
  if (settingsIdIsReserved(h)) h ^= 0x5a5a5a5aUL;
  return h;
}

static uint32_t readId() {
  uint32_t id = 0;
  for (uint8_t i = 0; i < 4; i++) id = (id << 8) | eeprom_read_byte(ADDR_ID + i);
  return id;
}

void settingsSaveId(uint32_t id) {
  for (uint8_t i = 0; i < 4; i++) eeprom_update_byte(ADDR_ID + i, (uint8_t)(id >> (24 - 8 * i)));
}

void settingsSaveChannels(uint8_t channels) { eeprom_update_byte(ADDR_CHANNELS, channels); }

void settingsLoad(Settings &s) {
  bool ours = eeprom_read_byte(ADDR_MAGIC0) == MAGIC0 && eeprom_read_byte(ADDR_MAGIC1) == MAGIC1;
  bool sameLayout = ours && eeprom_read_byte(ADDR_LAYOUT) == LAYOUT_VERSION;

  s.id = ours ? readId() : 0;
  if (settingsIdIsReserved(s.id)) {
    s.id = makeId();
    settingsSaveId(s.id);
  }
  s.channels = sameLayout ? eeprom_read_byte(ADDR_CHANNELS) : 0;
  if (s.channels < 1 || s.channels > NB_MAX_CHANNELS) {
    s.channels = NB_DEFAULT_CHANNELS;
    settingsSaveChannels(s.channels);
  }
  if (!sameLayout) {
    eeprom_update_byte(ADDR_LAYOUT, LAYOUT_VERSION);
    eeprom_update_byte(ADDR_MAGIC1, MAGIC1);
    eeprom_update_byte(ADDR_MAGIC0, MAGIC0);
  }
}
