import CMappedFile

/// A plain file mapped read-only: the CSV reader parses it in place and its batches point into
/// it, so its bytes are never copied (`read(2)`'s copy into the reader's buffer, and the page
/// cache walk behind it, were 5-7 % of a scan's CPU).
///
/// Two things a mapping must not do, and how this one avoids them:
/// - **End the process when the file shrinks** while it is read: a read of a page past the new
///   end raises SIGBUS. The guard in `CMappedFile` maps a page of zeros there instead and marks
///   the mapping; `damaged` then holds, and the reader reports the file as changed while it was
///   read (an error of that file, not a crash).
/// - **Hold the whole file in memory**: each batch's pages are dropped from the process once the
///   last copy of the batch is gone (`MappedBytes`), so the resident memory is that of the batches
///   in flight, as with `read`. The pages stay in the page cache.
///
/// Every call into `CMappedFile` is in this file: the header is compiled into the Swift file that
/// uses it, and the guard's table must be one.
final class MappedFile: @unchecked Sendable {
    // @unchecked: the mapping is read-only and never moves; after `init` nothing here changes.
    private let base: UnsafePointer<UInt8>
    /// Bytes mapped: the file's size when it was opened.
    let count: Int

    /// Maps `count` bytes of `fd`; nil when the file cannot be mapped (the reader reads it then).
    init?(fd: Int32, count: Int) {
        guard count > 0, let base = lt_map_file(fd, count) else { return nil }
        self.base = base
        self.count = count
    }

    deinit { lt_unmap_file(base, count) }

    /// Whether a read found the file shorter than it was when mapped (the pages past its new end
    /// read as zeros since).
    var damaged: Bool { lt_mapping_damaged(base) != 0 }

    /// `count` bytes from `offset`.
    func bytes(from offset: Int, count: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(offset >= 0 && count >= 0 && offset + count <= self.count)
        return UnsafeBufferPointer(start: base + offset, count: count)
    }

    /// Drops the pages that lie wholly inside `offset ..< end` from the process's memory.
    func release(_ offset: Int, _ end: Int) {
        guard end > offset else { return }
        lt_release_pages(base, offset, end)
    }
}

/// A batch's bytes inside a ``MappedFile``. The pages wholly inside them are dropped from the
/// process's memory when the last batch holding them goes (a page shared with the next batch
/// stays until the mapping goes).
public final class MappedBytes: Sendable {
    let file: MappedFile
    let offset: Int
    let count: Int

    init(file: MappedFile, offset: Int, count: Int) {
        self.file = file
        self.offset = offset
        self.count = count
    }

    deinit { file.release(offset, offset + count) }

    var buffer: UnsafeBufferPointer<UInt8> { file.bytes(from: offset, count: count) }
}
