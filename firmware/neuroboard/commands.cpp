// Parsing is strict and bounded: fields are split on single spaces in place, numbers are 1-10
// decimal digits, ids exactly 8 lower-case hex digits. Errors are checked in this order, and the
// first one found is the reply: UNKNOWN (verb), ARGS (field count, then each field's form),
// CHANNEL (channel field, including a channel number too big for 32 bits), RANGE (other values).
#include <Arduino.h>
#include <string.h>
#include "board_config.h"
#include "channels.h"
#include "board_lines.h"
#include "commands.h"
#include "settings.h"

// ---- parsing -------------------------------------------------------------------------------

static const uint8_t MAX_FIELDS = 3;  // verb + at most two arguments

enum Check : uint8_t { OK, E_ARGS, E_CHANNEL, E_RANGE };

// Parses 1..10 decimal digits. Returns false if the field is not such a number; sets *tooBig if
// it does not fit in 32 bits.
static bool parseNumber(const char *s, uint32_t *value, bool *tooBig) {
  uint8_t n = strlen(s);
  if (n < 1 || n > 10) return false;
  uint32_t v = 0;
  *tooBig = false;
  for (uint8_t i = 0; i < n; i++) {
    uint8_t d = (uint8_t)(s[i] - '0');
    if (d > 9) return false;
    if (v > 429496729UL || (v == 429496729UL && d > 5)) *tooBig = true;
    v = v * 10 + d;
  }
  *value = v;
  return true;
}

static bool parseId(const char *s, uint32_t *id) {
  if (strlen(s) != 8) return false;
  uint32_t v = 0;
  for (uint8_t i = 0; i < 8; i++) {
    char c = s[i];
    uint8_t d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else return false;
    v = (v << 4) | d;
  }
  *id = v;
  return true;
}

struct Args {
  uint32_t n[MAX_FIELDS - 1];
  bool tooBig[MAX_FIELDS - 1];
};

// Each argument must be a number. Fills a; returns E_ARGS if one is not.
static Check numbers(char **field, uint8_t count, Args &a) {
  for (uint8_t i = 0; i < count; i++)
    if (!parseNumber(field[i], &a.n[i], &a.tooBig[i])) return E_ARGS;
  return OK;
}

static bool channelOk(const Args &a) { return !a.tooBig[0] && a.n[0] < channelsCount(); }

// ---- commands ------------------------------------------------------------------------------
// Each returns OK after writing its success reply, or an error (the caller replies ERR).

static Check doWho(char **, uint32_t) {
  Serial.print(F("HELLO"));
  printIdentity();
  endLine();
  return OK;
}

static Check doLed(char **f, uint32_t) {
  Args a;
  if (numbers(f, 2, a) != OK) return E_ARGS;
  if (!channelOk(a)) return E_CHANNEL;
  if (a.tooBig[1] || a.n[1] > 255) return E_RANGE;
  channelsSetLevel(a.n[0], a.n[1]);
  replyOk("LED");
  return OK;
}

static Check doFire(char **f, uint32_t now) {
  Args a;
  if (numbers(f, 2, a) != OK) return E_ARGS;
  if (!channelOk(a)) return E_CHANNEL;
  if (a.tooBig[1] || a.n[1] < 1 || a.n[1] > NB_FIRE_MAX_MS) return E_RANGE;
  channelsFire(a.n[0], a.n[1], now);
  replyOk("FIRE");
  return OK;
}

static Check doPing(char **f, uint32_t) {
  Args a;
  if (numbers(f, 1, a) != OK) return E_ARGS;
  if (a.tooBig[0]) return E_RANGE;
  Serial.print(F("PONG "));
  Serial.print(a.n[0]);
  Serial.print(' ');
  Serial.print(millis());
  endLine();
  return OK;
}

static Check doState(char **f, uint32_t) {
  Args a;
  if (numbers(f, 1, a) != OK) return E_ARGS;
  if (!channelOk(a)) return E_CHANNEL;
  Serial.print(F("STATE "));
  Serial.print(a.n[0]);
  Serial.print(' ');
  Serial.print(channelsLevel(a.n[0]));
  Serial.print(channelsPressed(a.n[0]) ? F(" 1") : F(" 0"));
  endLine();
  return OK;
}

static Check doChannels(char **f, uint32_t now) {
  Args a;
  if (numbers(f, 1, a) != OK) return E_ARGS;
  if (a.tooBig[0] || a.n[0] < 1 || a.n[0] > NB_MAX_CHANNELS) return E_RANGE;
  channelsSetCount(a.n[0], now);
  settingsSaveChannels(a.n[0]);
  replyOk("CHANNELS");
  return OK;
}

static Check doSetId(char **f, uint32_t) {
  uint32_t id;
  if (!parseId(f[0], &id)) return E_ARGS;
  if (settingsIdIsReserved(id)) return E_RANGE;
  settingsSaveId(id);
  setBoardId(id);
  replyOk("SETID");
  return OK;
}

static Check doIdle(char **, uint32_t now) {
  channelsStartIdle(now);
  replyOk("IDLE");
  return OK;
}

struct Command {
  const char *verb;
  uint8_t args;
  Check (*run)(char **args, uint32_t now);
};

static const Command COMMANDS[] = {
    {"WHO", 0, doWho},       {"LED", 2, doLed},           {"FIRE", 2, doFire},
    {"PING", 1, doPing},     {"STATE", 1, doState},       {"CHANNELS", 1, doChannels},
    {"SETID", 1, doSetId},   {"IDLE", 0, doIdle},
};

bool commandsAnswer(LineEvent event, char *line, uint32_t now) {
  if (event == LINE_LONG) return replyError(F("LONG")), false;
  if (event == LINE_NOISE) return replyError(F("NOISE")), false;

  // Split in place on single spaces; an empty field (two spaces, or one at either end) is kept as
  // an empty string, so it fails as ARGS below.
  char *field[MAX_FIELDS];
  uint8_t fields = 0;
  bool tooMany = false;
  char *p = line;
  for (;;) {
    if (fields < MAX_FIELDS) field[fields++] = p;
    else tooMany = true;
    char *space = strchr(p, ' ');
    if (!space) break;
    *space = '\0';
    p = space + 1;
  }

  const Command *cmd = nullptr;
  for (const Command &c : COMMANDS)
    if (strcmp(field[0], c.verb) == 0) cmd = &c;
  if (!cmd) return replyError(F("UNKNOWN")), false;

  Check result = E_ARGS;
  if (!tooMany && fields == cmd->args + 1) result = cmd->run(field + 1, now);
  if (result == E_ARGS) replyError(F("ARGS"));
  else if (result == E_CHANNEL) replyError(F("CHANNEL"));
  else if (result == E_RANGE) replyError(F("RANGE"));
  return result == OK && cmd->run == doIdle;
}
