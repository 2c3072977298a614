#ifndef LEAKTRACE_CLIBFUZZER_H
#define LEAKTRACE_CLIBFUZZER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's documented driver entry (compiler-rt FuzzerInterface.h); linked in by
/// `-sanitize=fuzzer`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
