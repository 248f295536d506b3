// Writing the board's lines (PROTOCOL.md: Board -> host). Each line is written in one go from the
// main loop, so unsolicited lines never split a reply.
#include <Arduino.h>
#include "board_config.h"
#include "board_lines.h"
#include "channels.h"

static uint32_t boardId;

void setBoardId(uint32_t id) { boardId = id; }

static void printHex8(uint32_t v) {
  for (int8_t shift = 28; shift >= 0; shift -= 4) Serial.write("0123456789abcdef"[(v >> shift) & 0xf]);
}

void endLine() { Serial.write('\n'); }

void printIdentity() {
  Serial.print(' ');
  Serial.print(NB_PROTO_VERSION);
  Serial.print(F(" " NB_FIRMWARE_VERSION " " NB_BOARD_NAME " "));
  printHex8(boardId);
  Serial.print(' ');
  Serial.print(channelsCount());
  Serial.print(' ');
  Serial.print(NB_MAX_CHANNELS);
}

void sendBoot(const char *resetCause) {
  Serial.print(F("BOOT"));
  printIdentity();
  Serial.print(' ');
  Serial.print(resetCause);
  endLine();
}

void sendButton(uint8_t ch, bool pressed, uint32_t now) {
  Serial.print(F("BTN "));
  Serial.print(ch);
  Serial.print(pressed ? F(" 1 ") : F(" 0 "));
  Serial.print(now);
  endLine();
}

void sendIdle(uint32_t now) {
  Serial.print(F("IDLE "));
  Serial.print(now);
  endLine();
}

void replyError(const __FlashStringHelper *code) {
  Serial.print(F("ERR "));
  Serial.print(code);
  endLine();
}

void replyOk(const char *verb) {
  Serial.print(F("OK "));
  Serial.print(verb);
  endLine();
}
