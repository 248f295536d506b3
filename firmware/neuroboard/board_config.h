// Compile-time facts about the board this firmware is built for: the board name, the pin table
// and the protocol/firmware versions. The pin table is the same as in firmware/PROTOCOL.md and
// boards/profiles/*.json; change all three together.
#pragma once
#include <Arduino.h>

#define NB_PROTO_VERSION 1
#define NB_FIRMWARE_VERSION "0.1.0"

// The Arduino IDE defines ARDUINO_AVR_<BOARD> from Tools > Board; firmware/Makefile defines the same.
#if defined(ARDUINO_AVR_MEGA2560)
#define NB_BOARD_NAME "mega"
#elif defined(ARDUINO_AVR_NANO)
#define NB_BOARD_NAME "nano"
#elif defined(ARDUINO_AVR_UNO)
#define NB_BOARD_NAME "uno"
#elif defined(__AVR_ATmega2560__)
#warning "neuroboard: unknown board, building as mega (pick Arduino Mega 2560 in Tools > Board)"
#define NB_BOARD_NAME "mega"
#elif defined(__AVR_ATmega328P__)
#warning "neuroboard: unknown board, building as uno (pick Arduino Uno or Nano in Tools > Board)"
#define NB_BOARD_NAME "uno"
#else
#error "neuroboard supports Arduino Uno, Nano (ATmega328P) and Mega 2560: pick one in Tools > Board"
#endif

#if defined(__AVR_ATmega2560__)
// Mega: LED pins are PWM on timers 3 (2, 3, 5), 4 (6, 7, 8) and 1 (11, 12); timer 0 stays for millis().
#define NB_MAX_CHANNELS 8
static const uint8_t NB_LED_PINS[NB_MAX_CHANNELS] = {2, 3, 5, 6, 7, 8, 11, 12};
static const uint8_t NB_BUTTON_PINS[NB_MAX_CHANNELS] = {22, 24, 26, 28, 30, 32, 34, 36};
#else
// Uno/Nano: LED pins are PWM on timer 1 (9, 10) and timer 2 (11, 3); timer 0 stays for millis().
#define NB_MAX_CHANNELS 4
static const uint8_t NB_LED_PINS[NB_MAX_CHANNELS] = {9, 10, 11, 3};
static const uint8_t NB_BUTTON_PINS[NB_MAX_CHANNELS] = {2, 4, 7, 8};
#endif

#define NB_DEFAULT_CHANNELS 1
#define NB_MAX_LINE 48              // characters before the '\n' (PROTOCOL.md: Link)
#define NB_DEBOUNCE_MS 20           // a button level must hold this long to count
#define NB_HOST_SILENCE_MS 5000UL   // no line from the host this long: IDLE + breathing
#define NB_FIRE_MAX_MS 2000
#define NB_IDLE_PERIOD_MS 2000      // breathing: triangle wave 0..NB_IDLE_PEAK..0 over this period
#define NB_IDLE_PEAK 64
