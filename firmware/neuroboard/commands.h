// The host's commands (PROTOCOL.md: Host -> board).
#pragma once
#include <stdint.h>
#include "line_reader.h"

// Answers one complete host line (every event but LINE_NONE) with exactly one reply line.
// Returns true when the line was a successful IDLE, the one command that does not end idling.
bool commandsAnswer(LineEvent event, char *line, uint32_t now);
