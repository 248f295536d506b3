// The board's channels: one PWM LED and one push button each.
#pragma once
#include <stdint.h>

typedef void (*ButtonHandler)(uint8_t channel, bool pressed, uint32_t now);

// Configures the pins of the first `count` channels and releases the pins of the others.
void channelsSetCount(uint8_t count, uint32_t now);
uint8_t channelsCount();

void channelsSetLevel(uint8_t channel, uint8_t level);
uint8_t channelsLevel(uint8_t channel);
bool channelsPressed(uint8_t channel);
void channelsFire(uint8_t channel, uint16_t ms, uint32_t now);

// The idle animation: every LED breathes; stopping it shows each channel's set level again.
void channelsStartIdle(uint32_t now);
void channelsStopIdle();

// Once per loop: debounces the buttons (calling onButton for each accepted change) and updates
// the LEDs (idle animation, else fire pulse, else the set level). Writes a pin only on a change.
void channelsUpdate(uint32_t now, ButtonHandler onButton);
