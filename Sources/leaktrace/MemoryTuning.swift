#if canImport(Glibc)
import Glibc
#endif

/// Allocator settings for commands that stream a large input in batches.
enum MemoryTuning {
    /// Keeps freed batch buffers in the heap for the next batch.
    ///
    /// A scan allocates and frees a few MiB per batch (the chunk's bytes, its field offsets)
    /// hundreds of times. glibc serves blocks that large with `mmap` and gives them back on
    /// `free`, so each batch starts on fresh pages that the kernel must fault in and zero: about
    /// a quarter of the scan's system time. With the thresholds raised, a freed block is reused by
    /// the next batch. Memory stays bounded: at most `workers + 2` batches are alive at once.
    static func keepBatchBuffers() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which Swift's Glibc module does not include.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 256 << 20)
        _ = mallopt(trimThreshold, 512 << 20)
        #endif
    }
}
