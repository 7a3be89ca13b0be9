/* common.c - what the fuzz targets share (see fuzz.h): the scratch files
 * the loaders that take a path read an input from, the stop on a broken
 * promise, and the (empty) set-up. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char folder[256];
static char paths[FUZZ_SLOTS][300];

static void remove_scratch(void)
{
    for (int k = 0; k < FUZZ_SLOTS; k++)
        if (paths[k][0])
            unlink(paths[k]);
    rmdir(folder);
}

/* The folder for this process: $TMPDIR, /dev/shm or /tmp. */
static void make_folder(void)
{
    const char *base = getenv("TMPDIR");
    struct stat st;
    if (!base || !*base)
        base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
                   ? "/dev/shm"
                   : "/tmp";
    snprintf(folder, sizeof folder, "%s/annlab-fuzz-XXXXXX", base);
    if (!mkdtemp(folder)) {
        perror(folder);
        abort();
    }
    atexit(remove_scratch);
}

const char *fuzz_scratch_file(int slot, const uint8_t *data, size_t size)
{
    if (slot < 0 || slot >= FUZZ_SLOTS)
        abort();
    if (!folder[0])
        make_folder();
    snprintf(paths[slot], sizeof paths[slot], "%s/input%d", folder, slot);
    FILE *fp = fopen(paths[slot], "wb");
    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        perror(paths[slot]);
        abort();
    }
    return paths[slot];
}

void fuzz_broken(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
