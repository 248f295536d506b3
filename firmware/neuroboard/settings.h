// Settings kept in EEPROM: the board id and the channel count.
#pragma once
#include <stdint.h>

struct Settings {
  uint32_t id;       // never 0x00000000 or 0xffffffff
  uint8_t channels;  // 1..NB_MAX_CHANNELS
};

// Reads the settings, repairing or initialising the EEPROM as needed (a fresh board gets a new id).
void settingsLoad(Settings &s);
void settingsSaveChannels(uint8_t channels);
void settingsSaveId(uint32_t id);
bool settingsIdIsReserved(uint32_t id);
