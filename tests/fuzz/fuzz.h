/* fuzz.h - what every fuzz target of tests/fuzz/ defines, and the scratch
 * file the loaders that take a path read their input from (common.c).
 *
 * A target is one function, LLVMFuzzerTestOneInput, fed arbitrary bytes:
 * it hands them to one loader of lib/ and frees what came back. It does
 * not judge the answer (0 or an error message are both fine): what it
 * catches is a crash, a sanitizer report, a leak, a hang. The same file is
 * linked twice:
 *   - with libFuzzer (clang -fsanitize=fuzzer, `make fuzz`), which calls
 *     the function millions of times with mutated inputs;
 *   - with replay.c (the project's own compiler, `make test`), which calls
 *     it once for every file of tests/fuzz/corpus/T and tests/fuzz/crashes/T.
 */
#ifndef ANNLAB_FUZZ_H
#define ANNLAB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Run the code under test on data[0 .. size-1]; returns 0 (libFuzzer's rule). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Once, before the first input (argc, argv are the program's). No target
 * needs set-up: common.c defines it empty, for libFuzzer and replay.c. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Stop the run (abort, so libFuzzer keeps the input): the input broke a
 * promise of the code under test, which "fuzz: " and the printf-style
 * message say. */
void fuzz_broken(const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 1, 2), noreturn))
#endif
    ;

/* The path of a file holding data[0 .. size-1], rewritten on each call;
 * slot (0 .. FUZZ_SLOTS-1) picks one of a few files, for a target that
 * needs two files at once. The files live in one folder per process, in
 * $TMPDIR, else /dev/shm (memory: fast), else /tmp, removed at exit.
 * Aborts when it cannot write: the run would test nothing. */
#define FUZZ_SLOTS 2
const char *fuzz_scratch_file(int slot, const uint8_t *data, size_t size);

#endif
