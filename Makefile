# annlab - neural networks from the lecture notes, in C.  `make help` lists the targets.
#
# Chapters are found, not listed: every folder chapters/NN_topic/ with a
# main.c becomes the program build/NN_topic, and tests/grade/NN_topic.c (if
# there is one) becomes its grader. CH=NN picks one chapter.

SHELL := /bin/bash
.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

CC ?= cc
BUILD ?= build
OUT ?= out
CH ?=
SOLUTIONS ?=
EXPECT ?=
ARGS ?=

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
# -ffp-contract=off: no fused multiply-adds, so every machine prints the
# same digits and the transcripts stay byte for byte the same.
# -fno-math-errno: sqrt() is one instruction, which the compiler can put in
# vector loops (the optimizers' steps, lib/optim.c); no code reads errno after
# a math function, and every result stays the same.
# -pthread: the matrix product shares large products out over the cores (lib/pool.c).
ALL_CFLAGS := -std=c11 $(WARN) -ffp-contract=off -fno-math-errno -pthread -Ilib $(CFLAGS)
ifneq ($(CI),)
ALL_CFLAGS += -Werror
endif
LDFLAGS ?=
# -lz: lib/data.c reads gzip IDX files (Fashion-MNIST) through zlib.
LDLIBS := -lz -lm -pthread
CRITERION := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)

# ---- what there is ---------------------------------------------------------
CHAPTERS := $(sort $(patsubst chapters/%/main.c,%,$(wildcard chapters/[0-9][0-9]_*/main.c)))
ifneq ($(CH),)
SEL := $(filter $(CH) $(CH)_%,$(CHAPTERS))
ifeq ($(SEL),)
$(error CH=$(CH) matches no chapter; the chapters are: $(CHAPTERS))
endif
else
SEL := $(CHAPTERS)
endif
GRADED := $(foreach c,$(SEL),$(if $(wildcard tests/grade/$(c).c),$(c)))
ALL_GRADED := $(foreach c,$(CHAPTERS),$(if $(wildcard tests/grade/$(c).c),$(c)))
VARIANT := $(if $(SOLUTIONS),solutions,exercises)
# EXERCISES=FILE with CH=NN grades FILE as chapter NN's exercises.c (a
# student's submission; the tests' fixtures): its grader is
# build/grade/NN_topic-file_PATH_OF_FILE.
ifneq ($(EXERCISES),)
ifneq ($(words $(GRADED)),1)
$(error EXERCISES=$(EXERCISES) is graded as one chapter's exercises.c: add CH=NN)
endif
VARIANT := file$(subst /,_,$(basename $(abspath $(EXERCISES))))
endif
SOURCE := $(if $(EXERCISES),$(EXERCISES),$(VARIANT).c)

LIB_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard lib/*.c))
LIB := $(BUILD)/libannlab.a
CHAPTER_BINS := $(addprefix $(BUILD)/,$(CHAPTERS))
TOOL_BINS := $(patsubst tools/%.c,$(BUILD)/%,$(wildcard tools/*.c))
UNIT_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/unit/*.c))
TRANSCRIPT_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/chapters/*.c))
# the fuzz targets, tests/fuzz/fuzz_T.c, and their replays (see "fuzzing" below)
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAYS := $(addprefix $(BUILD)/tests/fuzz/replay-,$(FUZZ_TARGETS))
GRADER_BINS := $(foreach c,$(GRADED),$(BUILD)/grade/$(c)-$(VARIANT))

.PHONY: all run test test-now grade grade-now next next-now progress progress-now \
        test-grade deps deps-check asan valgrind expected clean help bench bench-peers \
        fuzz fuzz-replay fuzz-bins

all: $(LIB) $(CHAPTER_BINS) $(TOOL_BINS)

# ---- compiling ---------------------------------------------------------------
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# a grader includes its chapter's exercises.h (found through -Ichapters/NN_topic)
$(BUILD)/obj/tests/grade/%.o: tests/grade/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/grade -Ichapters/$* -MMD -MP -c $< -o $@

# The graded file (a student's exercises.c, the reference solutions.c):
# more warnings, and a function used without its declaration is an error
# (without #include <math.h>, C would take exp() to return an int). What
# the compiler says is kept beside the object in NAME.diag, so that every
# `make grade` shows it under the chapter's table, not only the run that
# compiled the file. Rebuilt when the Makefile changes (new flags).
# $(call compile_student,INCLUDE_DIR,FLAGS)
STUDENT_WARN := -Wfloat-conversion -Werror=implicit-function-declaration
define compile_student
	@mkdir -p $(@D)
	@echo "$(CC) $(2) $(STUDENT_WARN) -I$(1) -c $< -o $@"
	@$(CC) $(2) $(STUDENT_WARN) -I$(1) -MMD -MP -c $< -o $@ 2> $(@:.o=.diag); \
	    status=$$?; cat $(@:.o=.diag) >&2; exit $$status
endef

$(BUILD)/obj/chapters/%/exercises.o: chapters/%/exercises.c Makefile
	$(call compile_student,chapters/$*,$(ALL_CFLAGS))

$(BUILD)/obj/chapters/%/solutions.o: chapters/%/solutions.c Makefile
	$(call compile_student,chapters/$*,$(ALL_CFLAGS))

$(LIB): $(LIB_OBJ)
	$(AR) rcs $@ $^

$(CHAPTER_BINS): $(BUILD)/%: $(BUILD)/obj/chapters/%/main.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TOOL_BINS): $(BUILD)/%: $(BUILD)/obj/tools/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/unit: $(UNIT_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRITERION) $(LDLIBS)

$(BUILD)/tests/transcripts: $(TRANSCRIPT_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRITERION) $(LDLIBS)

# build/grade/NN_topic-exercises (or -solutions): the chapter's grader
# linked with the student's exercises.c (or the reference solutions.c)
$(BUILD)/grade/%-exercises: $(BUILD)/obj/tests/grade/%.o $(BUILD)/obj/tests/grade/report.o \
                            $(BUILD)/obj/chapters/%/exercises.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRITERION) $(LDLIBS)

$(BUILD)/grade/%-solutions: $(BUILD)/obj/tests/grade/%.o $(BUILD)/obj/tests/grade/report.o \
                            $(BUILD)/obj/chapters/%/solutions.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRITERION) $(LDLIBS)

# EXERCISES=FILE is a student's file: its warnings are shown, never made
# errors (not even by CI's -Werror)
ifneq ($(EXERCISES),)
$(BUILD)/obj/student/$(VARIANT).o: $(EXERCISES) Makefile
	$(call compile_student,chapters/$(GRADED),$(filter-out -Werror,$(ALL_CFLAGS)))

$(BUILD)/grade/$(GRADED)-$(VARIANT): $(BUILD)/obj/tests/grade/$(GRADED).o \
        $(BUILD)/obj/tests/grade/report.o $(BUILD)/obj/student/$(VARIANT).o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CRITERION) $(LDLIBS)
endif

.SECONDARY:

# ---- the two commands ----------------------------------------------------------
# `make run` and `make test` install what is missing first (tools/deps.sh).
run: deps-check
	@$(MAKE) --no-print-directory run-now

.PHONY: run-now
run-now: all
	@set -e; for c in $(SEL); do \
	    echo; echo "######## $$c ########"; \
	    $(BUILD)/$$c --out $(OUT) $(ARGS); \
	done

test: deps-check
	@$(MAKE) --no-print-directory test-now

test-now: all $(BUILD)/tests/unit $(BUILD)/tests/transcripts $(FUZZ_REPLAYS)
	@echo "== unit tests (lib/)"
	@$(BUILD)/tests/unit --short-filename
	@echo "== transcript tests (every chapter, --plots=none, against its expected.txt)"
	@ANNLAB_BUILD=$(BUILD) $(BUILD)/tests/transcripts --short-filename
	@echo "== fuzz corpus replay (tests/fuzz/: the seeds and every input that once crashed a loader)"
	@$(MAKE) --no-print-directory fuzz-replay
	@echo "== grade tests (wrong students' files graded, tests/grade/fixtures/)"
	@$(MAKE) --no-print-directory test-grade

# ---- grading ------------------------------------------------------------------------
# make grade [CH=NN] [SOLUTIONS=1 | EXERCISES=FILE] [EXPECT=full|zero]
grade: deps-check
	@$(MAKE) --no-print-directory grade-now

# grade_one (for the chapter $$c of a shell loop): each grader is built on
# its own, so a chapter whose file does not compile costs that chapter's
# points, not the whole run. out/grade/NN_topic.tsv gets one line per
# exercise (none when the grader was not built), NN_topic.diag what the
# compiler said about the graded file, NN_topic.log the build's messages;
# annlab-grade shows them all. The grader's own exit status is ignored
# (failing exercises are the point).
student_diag = $(if $(EXERCISES),$(BUILD)/obj/student/$(VARIANT).diag,$(BUILD)/obj/chapters/$(1)/$(VARIANT).diag)
grade_one = rm -f $(OUT)/grade/$$c.tsv; \
    if $(MAKE) --no-print-directory -s $(BUILD)/grade/$$c-$(VARIANT) > $(OUT)/grade/$$c.log 2>&1; then \
        ANNLAB_GRADE_RESULTS=$(OUT)/grade/$$c.tsv $(BUILD)/grade/$$c-$(VARIANT) -q >/dev/null 2>&1; \
    fi; \
    cp $(call student_diag,$$c) $(OUT)/grade/$$c.diag 2>/dev/null || : > $(OUT)/grade/$$c.diag

define run_graders
	@rm -rf $(OUT)/grade && mkdir -p $(OUT)/grade
	@for c in $(GRADED); do $(grade_one); done
endef

grade-now: $(BUILD)/annlab-grade
	$(run_graders)
	@$(BUILD)/annlab-grade --source $(SOURCE) --json $(OUT)/grade.json \
	    --junit $(OUT)/grade.xml $(if $(EXPECT),--expect=$(EXPECT)) \
	    $(foreach c,$(GRADED),$(OUT)/grade/$(c).tsv)

# make next [CH=NN]: from the first chapter (or chapter NN) on, grade one
# chapter after the other and stop at the first that is not done: its
# first failing exercise with the hints, or the compiler's messages.
next: deps-check
	@$(MAKE) --no-print-directory next-now

next-now: $(BUILD)/annlab-grade
	@rm -rf $(OUT)/grade && mkdir -p $(OUT)/grade
	@files=; for c in $(if $(EXERCISES),$(GRADED),$(ALL_GRADED)); do \
	    if [[ -n "$(CH)" && "$$c" < "$(firstword $(SEL))" ]]; then continue; fi; \
	    $(grade_one); files="$$files $(OUT)/grade/$$c.tsv"; \
	    $(BUILD)/annlab-grade --passed $(OUT)/grade/$$c.tsv || break; \
	done; \
	$(BUILD)/annlab-grade --next --source $(SOURCE) $$files

# make progress: every chapter's points on one screen
progress: deps-check
	@$(MAKE) --no-print-directory progress-now

progress-now: $(BUILD)/annlab-grade
	$(run_graders)
	@$(BUILD)/annlab-grade --progress --source $(SOURCE) $(foreach c,$(GRADED),$(OUT)/grade/$(c).tsv)

# The grade's own tests: deliberately wrong students' files
# (tests/grade/fixtures/NN_topic/*.c) graded as EXERCISES=, and make next
# and make progress on the solutions; each output is checked for what the
# fixture says it must show (tests/grade/fixtures/run.sh). Part of make test.
test-grade: $(BUILD)/annlab-grade $(LIB)
	@tests/grade/fixtures/run.sh "$(MAKE)" "$(BUILD)"

# ---- fuzzing (tests/fuzz/README.md) ---------------------------------------------------
# Each target tests/fuzz/fuzz_T.c (csv, idx, model, flags) is linked twice:
# with tests/fuzz/replay.c by the project's compiler into
# $(BUILD)/tests/fuzz/replay-T, which make test runs on the seeds
# tests/fuzz/corpus/T and every input that once crashed T (tests/fuzz/crashes/T);
# and with libFuzzer (clang) into $(FUZZ_BUILD)/fuzz/fuzz-T for make fuzz.
FUZZ_HELPER := $(BUILD)/obj/tests/fuzz/common.o
FUZZ ?=
FUZZ_SEL := $(if $(FUZZ),$(filter $(FUZZ),$(FUZZ_TARGETS)),$(FUZZ_TARGETS))
FUZZ_TIME ?= 60
FUZZ_BUILD ?= build-fuzz
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/tests/fuzz/replay-%: $(BUILD)/obj/tests/fuzz/fuzz_%.o \
                              $(BUILD)/obj/tests/fuzz/replay.o $(FUZZ_HELPER) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

fuzz-replay: $(FUZZ_REPLAYS)
	@status=0; for t in $(FUZZ_TARGETS); do \
	    crashes=tests/fuzz/crashes/$$t; [ -d $$crashes ] || crashes=; \
	    $(BUILD)/tests/fuzz/replay-$$t tests/fuzz/corpus/$$t $$crashes || status=1; \
	done; exit $$status

# make fuzz [FUZZ=csv] [FUZZ_TIME=seconds]: each selected target for
# FUZZ_TIME seconds, starting from its seeds and crashes and from what
# earlier runs found ($(FUZZ_BUILD)/corpus/T). A crash stops the run and is
# written to $(FUZZ_BUILD)/crashes/T/; libFuzzer's log is $(FUZZ_BUILD)/T.log.
# The flag parser prints its errors: that target runs with stdout and
# stderr closed (libFuzzer and the sanitizers report on a copy of stderr).
fuzz:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { echo "make fuzz needs clang with libFuzzer" \
	    "(Debian: apt-get install clang); make test does not" >&2; exit 1; }
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    LDFLAGS="-fsanitize=fuzzer $(FUZZ_SAN)" fuzz-bins
	@for t in $(FUZZ_SEL); do \
	    case $$t in model) len=16384 ;; flags) len=4096 ;; *) len=65536 ;; esac; \
	    quiet=; [ $$t = flags ] && quiet=-close_fd_mask=3; \
	    crashes=tests/fuzz/crashes/$$t; [ -d $$crashes ] || crashes=; \
	    dict=tests/fuzz/$$t.dict; [ -f $$dict ] && dict=-dict=$$dict || dict=; \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crashes/$$t; \
	    echo "== fuzz $$t for $(FUZZ_TIME) s (log: $(FUZZ_BUILD)/$$t.log)"; \
	    if ! $(FUZZ_BUILD)/fuzz/fuzz-$$t $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t $$crashes \
	            $$dict $$quiet -max_total_time=$(FUZZ_TIME) -max_len=$$len -rss_limit_mb=2048 \
	            -timeout=10 -print_final_stats=1 \
	            -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t/ > $(FUZZ_BUILD)/$$t.log 2>&1; then \
	        tail -n 40 $(FUZZ_BUILD)/$$t.log; \
	        echo "fuzz $$t: a crash, saved in $(FUZZ_BUILD)/crashes/$$t/; once fixed, keep it in" \
	             "tests/fuzz/crashes/$$t/ (make test replays it)" >&2; \
	        exit 1; \
	    fi; \
	    grep -E '^#[0-9]+[[:space:]]+DONE|^Done|stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
	        $(FUZZ_BUILD)/$$t.log; \
	done

# (called by make fuzz with BUILD=$(FUZZ_BUILD) and clang's flags)
fuzz-bins: $(addprefix $(BUILD)/fuzz/fuzz-,$(FUZZ_SEL))

$(BUILD)/fuzz/fuzz-%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(FUZZ_HELPER) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- the rest -------------------------------------------------------------------------
deps:
	@tools/deps.sh install

deps-check:
	@tools/deps.sh check

# tests under AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/
asan: deps-check
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(MAKE) --no-print-directory BUILD=build-asan \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test-now

# A chapter's optional chapters/NN_topic/test.args holds extra flags (e.g.
# "--subset 1000") for the runs that must be fast: the transcript test,
# valgrind and expected. `make run` runs the chapter without them.
test_args = $$(cat chapters/$(1)/test.args 2>/dev/null)

# every selected chapter under valgrind (no plots): no errors, no leaks
valgrind: all
	@set -e; for c in $(SEL); do \
	    echo "== valgrind $$c"; \
	    valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
	        --error-exitcode=1 $(BUILD)/$$c --plots=none --out $(OUT) $(call test_args,$$c) >/dev/null; \
	done; echo "valgrind: no errors, no leaks"

# rewrite chapters/NN_topic/expected.txt from the current programs (review the diff!)
expected: $(addprefix $(BUILD)/,$(SEL))
	@for c in $(SEL); do \
	    $(BUILD)/$$c --plots=none --out $(BUILD)/expected-out $(call test_args,$$c) > chapters/$$c/expected.txt && \
	    echo "wrote chapters/$$c/expected.txt"; \
	done

clean:
	rm -rf build build-asan $(OUT)

# ---- benchmarks (not part of make test, not in CI; see bench/README.md) -----------------
BENCH := $(BUILD)/bench/bench
BENCH_RUN := $(if $(filter /%,$(BENCH)),$(BENCH),./$(BENCH))
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
# Some machines set these two for an older OpenBLAS; they slow a current one
# down. Unset for the commands that time OpenBLAS, PyTorch and NumPy only.
PEER_ENV := env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE

$(BENCH): $(BUILD)/obj/bench/bench.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ -ldl $(LDLIBS)

bench: $(BENCH)
	@$(PEER_ENV) $(BENCH_RUN) $(ARGS)

bench-peers: $(BENCH)
	@$(PEER_ENV) $(PYTHON) bench/peers.py --bench $(BENCH_RUN) $(ARGS)

help:
	@echo "annlab: neural networks from the lecture notes, in C"
	@echo
	@echo "  make              build the library, every chapter and the tools into $(BUILD)/"
	@echo "  make run [CH=NN]  run the chapters in order; plots go to $(OUT)/NN_topic/"
	@echo "  make test         the whole test suite (unit tests + chapter transcripts + the fuzz corpus"
	@echo "                    replayed + the grader's fixtures)"
	@echo "  make grade [CH=NN] [SOLUTIONS=1]"
	@echo "                    grade your exercises.c (or the reference solutions.c): a table per"
	@echo "                    chapter with its total and the compiler's warnings, a summary,"
	@echo "                    $(OUT)/grade.json and $(OUT)/grade.xml (JUnit)"
	@echo "  make grade CH=NN EXERCISES=FILE"
	@echo "                    grade FILE (a student's submission) as chapter NN's exercises.c"
	@echo "  make next [CH=NN] the next exercise to do, with its hints: from the first chapter"
	@echo "                    not done (or from chapter NN on); a file that does not compile"
	@echo "                    shows the compiler's messages"
	@echo "  make progress     every chapter's points on one screen"
	@echo "  make deps         install what is missing (gcc, make, pkg-config, gnuplot, Criterion, zlib, Fashion-MNIST)"
	@echo "  make asan         the tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	@echo "  make valgrind [CH=NN]  the chapters under valgrind --leak-check=full"
	@echo "  make fuzz [FUZZ=csv|idx|model|flags] [FUZZ_TIME=60]"
	@echo "                    libFuzzer (needs clang) on the CSV, IDX and model loaders and the"
	@echo "                    flag parser, FUZZ_TIME seconds each (tests/fuzz/README.md)"
	@echo "  make expected [CH=NN]  rewrite the chapters' expected.txt transcripts"
	@echo "  make clean        remove $(BUILD)/, build-asan/ and $(OUT)/"
	@echo "  make bench        GFLOP/s of the matrix product, epoch times, memory (bench/README.md)"
	@echo "  make bench-peers  the same workloads in PyTorch and NumPy, and our time over theirs"
	@echo
	@echo "  chapters: $(CHAPTERS)"

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
