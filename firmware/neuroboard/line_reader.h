// Assembles host bytes into bounded lines (PROTOCOL.md: Link). Never blocks, never overflows:
// after NB_MAX_LINE characters the rest up to '\n' is discarded and the line reports LONG.
#pragma once
#include <stdint.h>
#include "board_config.h"

enum LineEvent : uint8_t {
  LINE_NONE,   // no complete line yet, or an empty line (ignored, no reply)
  LINE_READY,  // a line of printable ASCII is in line()
  LINE_LONG,   // the line had more than NB_MAX_LINE characters
  LINE_NOISE,  // the line held a byte outside 0x20..0x7e
};

class LineReader {
 public:
  LineEvent feed(uint8_t c);
  // The last LINE_READY line, NUL-terminated; valid until the next feed().
  char *line() { return buf; }
  uint8_t length() const { return len; }

 private:
  char buf[NB_MAX_LINE + 1];
  uint8_t len = 0;
  bool overflow = false;
  bool noise = false;
  bool done = false;  // the previous feed() ended a line: start a new one
};
