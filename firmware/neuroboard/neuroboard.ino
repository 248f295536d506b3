// neuroboard firmware: an Arduino board as one or more physical neurons.
//
// Each channel has an LED (PWM brightness = the node's activation, set by the host) and a button
// (feeds an input node). The host drives the board over the line protocol in firmware/PROTOCOL.md,
// which this sketch implements exactly. Boards: Arduino Uno, Nano (ATmega328P), Mega 2560.
//
// Files: board_config.h (board name, pins, limits), line_reader (bounded line assembly),
// commands (parsing, dispatch), board_lines (what the board writes), channels (LEDs, fire pulse, idle animation, debounced buttons),
// settings (EEPROM: id and channel count), reset_cause (reset cause, hardware watchdog).
//
// The loop never blocks: no delay(), no String, no heap. It runs at least once per Timer0
// overflow (~1 ms) and on every received byte, and sleeps in between (see sleepUntilInterrupt).
#include <avr/sleep.h>
#include "board_config.h"
#include "board_lines.h"
#include "channels.h"
#include "commands.h"
#include "line_reader.h"
#include "reset_cause.h"
#include "settings.h"

static LineReader reader;
static uint32_t lastHostLine;  // millis() of the last non-empty line from the host
static bool silenceReported;   // IDLE <millis> sent for the current silence

// Bytes handled per loop pass, so a flood of input cannot starve the buttons and the LEDs.
static const uint8_t MAX_BYTES_PER_PASS = 32;

static void onButton(uint8_t channel, bool pressed, uint32_t now) {
  sendButton(channel, pressed, now);
}

static void readHost(uint32_t now) {
  for (uint8_t i = 0; i < MAX_BYTES_PER_PASS; i++) {
    int c = Serial.read();
    if (c < 0) return;
    LineEvent event = reader.feed((uint8_t)c);
    if (event == LINE_NONE) continue;
    // Every answered line is host activity: it restarts the silence watchdog and, unless it was
    // IDLE, ends the idle animation (PROTOCOL.md: Host -> board).
    lastHostLine = now;
    silenceReported = false;
    if (!commandsAnswer(event, reader.line(), now)) channelsStopIdle();
  }
}

static void watchHostSilence(uint32_t now) {
  if (!silenceReported && now - lastHostLine >= NB_HOST_SILENCE_MS) {
    silenceReported = true;
    sendIdle(now);
    channelsStartIdle(now);
  }
}

// Sleeps in IDLE mode until the next interrupt (Timer0 every ~1 ms, a UART byte, ...). Checking
// for input and sleeping happen with interrupts off: `sei` takes effect after the next
// instruction, so a byte arriving between the check and `sleep` still wakes the CPU right away.
static void sleepUntilInterrupt() {
  set_sleep_mode(SLEEP_MODE_IDLE);
  cli();
  if (Serial.available() == 0) {
    sleep_enable();
    sei();
    sleep_cpu();
    sleep_disable();
  }
  sei();
}

void setup() {
  const char *cause = resetCauseName();  // first: it reads what .init0/.init3 saved
  Serial.begin(115200);
  Settings settings;
  settingsLoad(settings);
  uint32_t now = millis();
  channelsSetCount(settings.channels, now);
  setBoardId(settings.id);
  lastHostLine = now;
  sendBoot(cause);
  watchdogArm();
}

void loop() {
  watchdogKick();
  uint32_t now = millis();
  readHost(now);
  channelsUpdate(now, onButton);
  watchHostSilence(now);
  sleepUntilInterrupt();
}
