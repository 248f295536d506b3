// The board's lines to the host (PROTOCOL.md: Board -> host).
#pragma once
#include <Arduino.h>

// The id that BOOT and HELLO report.
void setBoardId(uint32_t id);

// Unsolicited lines.
void sendBoot(const char *resetCause);
void sendButton(uint8_t channel, bool pressed, uint32_t now);
void sendIdle(uint32_t now);

// Building blocks of replies: " <proto> <fw> <board> <id> <channels> <maxch>", and the line end.
void printIdentity();
void endLine();
void replyError(const __FlashStringHelper *code);
void replyOk(const char *verb);
