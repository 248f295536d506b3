# One board's build; called by Makefile with BOARD=uno|nano|mega.

uno_MCU := atmega328p
uno_VARIANT := standard
uno_DEFINE := ARDUINO_AVR_UNO
nano_MCU := atmega328p
nano_VARIANT := eightanaloginputs
nano_DEFINE := ARDUINO_AVR_NANO
mega_MCU := atmega2560
mega_VARIANT := mega
mega_DEFINE := ARDUINO_AVR_MEGA2560

MCU := $($(BOARD)_MCU)
ifeq ($(MCU),)
$(error BOARD must be one of uno, nano, mega)
endif

CORE_DIR := $(ARDUINO_DIR)/cores/arduino
VARIANT_DIR := $(ARDUINO_DIR)/variants/$($(BOARD)_VARIANT)
SKETCH_DIR := neuroboard
OUT := $(BUILD)/$(BOARD)

CC := avr-gcc
CXX := avr-g++
AR := avr-gcc-ar
OBJCOPY := avr-objcopy
SIZE := avr-size

# Flags as in the IDE's platform.txt. DECIMAL_DIG: gcc-avr 5.4's float.h hides it from C++, which
# WString.cpp needs. The prefix maps and -frandom-seed keep paths and random names out of the
# build so that it is reproducible.
CPPFLAGS := -mmcu=$(MCU) -DF_CPU=16000000L -DARDUINO=10807 -D$($(BOARD)_DEFINE) -DARDUINO_ARCH_AVR \
  -DDECIMAL_DIG=__DECIMAL_DIG__ -I$(CORE_DIR) -I$(VARIANT_DIR) \
  -fdebug-prefix-map=$(ARDUINO_DIR)=arduino -fdebug-prefix-map=$(CURDIR)=. \
  -fdebug-prefix-map=$(abspath $(BUILD))=build
COMMON := -g -Os -ffunction-sections -fdata-sections -flto -fno-fat-lto-objects -frandom-seed=neuroboard
CFLAGS := $(COMMON) -std=gnu11
CXXFLAGS := $(COMMON) -std=gnu++11 -fpermissive -fno-exceptions -fno-threadsafe-statics -Wno-error=narrowing
SKETCH_WARNINGS := -Wall -Wextra
LDFLAGS := -mmcu=$(MCU) -Os -g -flto -fuse-linker-plugin -Wl,--gc-sections

CORE_C := $(sort $(notdir $(wildcard $(CORE_DIR)/*.c)))
CORE_CPP := $(sort $(notdir $(wildcard $(CORE_DIR)/*.cpp)))
CORE_S := $(sort $(notdir $(wildcard $(CORE_DIR)/*.S)))
CORE_OBJ := $(addprefix $(OUT)/core/,$(CORE_C:.c=.c.o) $(CORE_CPP:.cpp=.cpp.o) $(CORE_S:.S=.S.o))

SKETCH_CPP := $(sort $(notdir $(wildcard $(SKETCH_DIR)/*.cpp)))
SKETCH_OBJ := $(OUT)/sketch/neuroboard.ino.o $(addprefix $(OUT)/sketch/,$(SKETCH_CPP:.cpp=.cpp.o))
SKETCH_HDR := $(wildcard $(SKETCH_DIR)/*.h)

ELF := $(OUT)/neuroboard-$(BOARD).elf
HEXFILE := $(HEX)/neuroboard-$(BOARD).hex

all: $(HEXFILE)

$(HEXFILE): $(ELF)
	@mkdir -p $(HEX)
	$(OBJCOPY) -O ihex -R .eeprom $< $@
	@$(SIZE) --mcu=$(MCU) -C $< | grep -E 'Program|Data' | sed 's/^/  $(BOARD): /'

$(ELF): $(SKETCH_OBJ) $(OUT)/core.a
	$(CC) $(LDFLAGS) -o $@ $(SKETCH_OBJ) $(OUT)/core.a -lm

$(OUT)/core.a: $(CORE_OBJ)
	@rm -f $@
	$(AR) rcsD $@ $(CORE_OBJ)

# The sketch: the IDE adds #include <Arduino.h> and prototypes to the .ino; the sketch declares
# everything before use, so including Arduino.h is all it needs here.
$(OUT)/sketch/neuroboard.ino.o: $(SKETCH_DIR)/neuroboard.ino $(SKETCH_HDR)
	@mkdir -p $(dir $@)
	$(CXX) -c $(CPPFLAGS) $(CXXFLAGS) $(SKETCH_WARNINGS) -x c++ -include Arduino.h $< -o $@

$(OUT)/sketch/%.cpp.o: $(SKETCH_DIR)/%.cpp $(SKETCH_HDR)
	@mkdir -p $(dir $@)
	$(CXX) -c $(CPPFLAGS) $(CXXFLAGS) $(SKETCH_WARNINGS) $< -o $@

$(OUT)/core/%.c.o: $(CORE_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) -c $(CPPFLAGS) $(CFLAGS) -w $< -o $@

$(OUT)/core/%.cpp.o: $(CORE_DIR)/%.cpp
	@mkdir -p $(dir $@)
	$(CXX) -c $(CPPFLAGS) $(CXXFLAGS) -w $< -o $@

$(OUT)/core/%.S.o: $(CORE_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC) -c $(CPPFLAGS) -x assembler-with-cpp -flto $< -o $@
