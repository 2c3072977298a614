// A file mapped read-only for the CSV reader (Dumps) to parse in place, and a SIGBUS guard for
// it: header-only, compiled into the one Swift file that calls it (Dumps/MappedFile.swift), so
// there is one copy of the guard's table.
//
// Reading a mapped page past the end of a file that shrank after it was mapped raises SIGBUS,
// which would end the process. The guard maps a zero page over such a page of a registered
// mapping and marks the mapping damaged; the reader sees the mark and reports the file as changed
// while it was read. A SIGBUS outside the registered mappings goes to the handler that was there
// before (or ends the process, as it would have).
#ifndef LEAKTRACE_MAPPEDFILE_H
#define LEAKTRACE_MAPPEDFILE_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LT_MAPPING_SLOTS 64

/// The guard's state. Kept in a function, not at file scope: Swift imports a header's file-scope
/// variables as declared elsewhere, while a function's own statics are compiled with it.
struct lt_guard_state {
    _Atomic(uintptr_t) start[LT_MAPPING_SLOTS];
    _Atomic(uintptr_t) end[LT_MAPPING_SLOTS];
    atomic_int hit[LT_MAPPING_SLOTS];
    struct sigaction previous;
    uintptr_t page_size;
    pthread_once_t once;
    int installed;
};

static inline struct lt_guard_state *lt_guard(void) {
    static struct lt_guard_state state = { .page_size = 4096, .once = PTHREAD_ONCE_INIT };
    return &state;
}

static void lt_on_sigbus(int sig, siginfo_t *info, void *context) {
    struct lt_guard_state *g = lt_guard();
    const uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < LT_MAPPING_SLOTS; i++) {
        const uintptr_t start = atomic_load(&g->start[i]);
        // 0: a free slot; 1: one being filled in.
        if (start <= 1 || address < start || address >= atomic_load(&g->end[i])) continue;
        void *page = (void *)(address & ~(g->page_size - 1));
        if (mmap(page, g->page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            atomic_store(&g->hit[i], 1);
            return;  // the read is made again and finds zeros
        }
        break;
    }
    if (g->previous.sa_flags & SA_SIGINFO) {
        if (g->previous.sa_sigaction != NULL) {
            g->previous.sa_sigaction(sig, info, context);
            return;
        }
    } else if (g->previous.sa_handler != SIG_DFL && g->previous.sa_handler != SIG_IGN) {
        g->previous.sa_handler(sig);
        return;
    }
    // What would have happened without the guard: the access is made again and ends the process.
    signal(SIGBUS, SIG_DFL);
}

static void lt_install_guard(void) {
    struct lt_guard_state *g = lt_guard();
    const long page = sysconf(_SC_PAGESIZE);
    if (page > 0) g->page_size = (uintptr_t)page;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = lt_on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    g->installed = sigaction(SIGBUS, &action, &g->previous) == 0;
}

/// Maps `length` bytes of `fd` read-only and registers them with the guard. NULL when the guard
/// cannot be installed, every slot is taken, or `mmap` fails: the caller reads the file instead.
static inline const uint8_t *lt_map_file(int fd, size_t length) {
    if (length == 0) return NULL;
    struct lt_guard_state *g = lt_guard();
    pthread_once(&g->once, lt_install_guard);
    if (!g->installed) return NULL;
    void *base = mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, 0);
    if (base == MAP_FAILED) return NULL;
    (void)madvise(base, length, MADV_SEQUENTIAL);
    for (int i = 0; i < LT_MAPPING_SLOTS; i++) {
        uintptr_t expected = 0;
        // Claim the slot (1), fill it in, then publish the start the guard compares with.
        if (!atomic_compare_exchange_strong(&g->start[i], &expected, 1)) continue;
        atomic_store(&g->hit[i], 0);
        atomic_store(&g->end[i], (uintptr_t)base + length);
        atomic_store(&g->start[i], (uintptr_t)base);
        return (const uint8_t *)base;
    }
    munmap(base, length);
    return NULL;
}

/// Unregisters and unmaps a mapping made by `lt_map_file`.
static inline void lt_unmap_file(const uint8_t *base, size_t length) {
    struct lt_guard_state *g = lt_guard();
    for (int i = 0; i < LT_MAPPING_SLOTS; i++) {
        if (atomic_load(&g->start[i]) == (uintptr_t)base) {
            atomic_store(&g->start[i], 0);
            break;
        }
    }
    munmap((void *)base, length);
}

/// Whether a read of the mapping at `base` found the file shorter than mapped (those pages read
/// as zeros since).
static inline int lt_mapping_damaged(const uint8_t *base) {
    struct lt_guard_state *g = lt_guard();
    for (int i = 0; i < LT_MAPPING_SLOTS; i++) {
        if (atomic_load(&g->start[i]) == (uintptr_t)base) return atomic_load(&g->hit[i]);
    }
    return 0;
}

/// Drops the whole pages of `base[from ..< to]` from the process's memory; the file's pages stay
/// in the page cache, and a later read maps them again.
static inline void lt_release_pages(const uint8_t *base, size_t from, size_t to) {
    const struct lt_guard_state *g = lt_guard();
    const uintptr_t first = ((uintptr_t)base + from + g->page_size - 1) & ~(g->page_size - 1);
    const uintptr_t last = ((uintptr_t)base + to) & ~(g->page_size - 1);
    if (last > first) (void)madvise((void *)first, last - first, MADV_DONTNEED);
}

#endif
