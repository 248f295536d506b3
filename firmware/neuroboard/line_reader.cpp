#include "line_reader.h"

LineEvent LineReader::feed(uint8_t c) {
  if (done) {
    len = 0;
    overflow = noise = done = false;
  }
  if (c == '\r') return LINE_NONE;  // any line ending works (Serial Monitor sends \r\n)
  if (c == '\n') {
    done = true;
    buf[len] = '\0';
    if (overflow) return LINE_LONG;
    if (noise) return LINE_NOISE;
    return len ? LINE_READY : LINE_NONE;
  }
  if (overflow) return LINE_NONE;
  if (len == NB_MAX_LINE) {
    overflow = true;
    return LINE_NONE;
  }
  if (c < 0x20 || c > 0x7e) noise = true;
  buf[len++] = (char)c;
  return LINE_NONE;
}
