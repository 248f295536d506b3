// The host's commands and the board's lines (PROTOCOL.md: Host -> board, Board -> host).
#pragma once
#include <stdint.h>
#include "line_reader.h"
#include "settings.h"

void commandsBegin(const Settings &settings);

// Answers one complete host line (every event but LINE_NONE) with exactly one reply line.
// Returns true when the line was a successful IDLE, the one command that does not end idling.
bool commandsAnswer(LineEvent event, char *line, uint8_t length, uint32_t now);

// Unsolicited lines.
void commandsSendBoot(const char *resetCause);
void commandsSendButton(uint8_t channel, bool pressed, uint32_t now);
void commandsSendIdle(uint32_t now);
