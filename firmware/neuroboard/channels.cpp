#include <Arduino.h>
#include "board_config.h"
#include "channels.h"

struct Channel {
  uint32_t fireEnd;   // millis() when the fire pulse ends
  uint32_t rawSince;  // millis() when the raw button level last changed
  uint16_t shown;     // value last written to the LED pin; 0x100 = none yet
  uint8_t level;      // set by LED; what STATE reports
  bool firing;
  bool raw;           // last raw reading, true = LOW = pressed
  bool pressed;       // debounced
};

static Channel channels[NB_MAX_CHANNELS];
static uint8_t count;
static bool idle;
static uint32_t idleStart;

static void enableChannel(uint8_t i, uint32_t now) {
  Channel &c = channels[i];
  c = Channel();
  c.shown = 0x100;
  c.rawSince = now;
  pinMode(NB_LED_PINS[i], OUTPUT);
  pinMode(NB_BUTTON_PINS[i], INPUT_PULLUP);
}

static void disableChannel(uint8_t i) {
  analogWrite(NB_LED_PINS[i], 0);  // stops the PWM output, drives LOW
  pinMode(NB_LED_PINS[i], INPUT);
  pinMode(NB_BUTTON_PINS[i], INPUT);
}

void channelsSetCount(uint8_t n, uint32_t now) {
  for (uint8_t i = n; i < count; i++) disableChannel(i);
  for (uint8_t i = count; i < n; i++) enableChannel(i, now);
  count = n;
}

uint8_t channelsCount() { return count; }
void channelsSetLevel(uint8_t i, uint8_t level) { channels[i].level = level; }
uint8_t channelsLevel(uint8_t i) { return channels[i].level; }
bool channelsPressed(uint8_t i) { return channels[i].pressed; }

void channelsFire(uint8_t i, uint16_t ms, uint32_t now) {
  channels[i].firing = true;
  channels[i].fireEnd = now + ms;
}

void channelsStartIdle(uint32_t now) {
  if (!idle) idleStart = now;
  idle = true;
}

void channelsStopIdle() { idle = false; }

// Triangle wave 0..NB_IDLE_PEAK..0 over NB_IDLE_PERIOD_MS; `phase` is in 0..period-1.
static uint8_t breath(uint16_t phase) {
  const uint16_t half = NB_IDLE_PERIOD_MS / 2;
  uint16_t up = phase < half ? phase : NB_IDLE_PERIOD_MS - phase;
  return (uint8_t)((uint32_t)up * NB_IDLE_PEAK / half);
}

static void debounce(uint8_t i, uint32_t now, ButtonHandler onButton) {
  Channel &c = channels[i];
  bool raw = digitalRead(NB_BUTTON_PINS[i]) == LOW;
  if (raw != c.raw) {
    c.raw = raw;
    c.rawSince = now;
  } else if (raw != c.pressed && now - c.rawSince >= NB_DEBOUNCE_MS) {
    c.pressed = raw;
    onButton(i, raw, now);
  }
}

void channelsUpdate(uint32_t now, ButtonHandler onButton) {
  uint16_t idlePhase = idle ? (uint16_t)((now - idleStart) % NB_IDLE_PERIOD_MS) : 0;
  const uint16_t lag = NB_IDLE_PERIOD_MS / 4;  // each channel a quarter period behind
  for (uint8_t i = 0; i < count; i++) {
    debounce(i, now, onButton);
    Channel &c = channels[i];
    if (c.firing && (int32_t)(now - c.fireEnd) >= 0) c.firing = false;
    uint8_t out;
    if (idle) {
      out = breath(idlePhase);
      idlePhase = idlePhase >= lag ? idlePhase - lag : idlePhase + NB_IDLE_PERIOD_MS - lag;
    } else {
      out = c.firing ? 255 : c.level;
    }
    if (out != c.shown) {
      c.shown = out;
      analogWrite(NB_LED_PINS[i], out);
    }
  }
}
