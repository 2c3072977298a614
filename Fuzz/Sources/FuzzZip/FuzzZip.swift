import FuzzSupport

/// libFuzzer target: containers through `InputOpener.entries` (a zip, a zip inside a zip, gzip,
/// a gzipped zip entry, an XLSX workbook as one input): every entry opened and drained with the
/// reader checks; an error for one entry is an answer, and the next entry is read. Small limits
/// (4 MiB inflated per entry, 64 entries per zip, 2 levels) keep bombs cheap. Then, for one input
/// in `FuzzHarness.scanEvery`, the scan pipeline over the same file.
///
/// Stored entries get their CRC-32 fixed for one input in two (`FuzzHarness.withStoredCRCsFixed`),
/// so that byte mutations of their contents reach the parsers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.withStoredCRCsFixed(data, size) { data, size in
        FuzzHarness.readEntries(data, size, options: FuzzHarness.readerOptions(format: nil))
    }
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzZip_main")
public func fuzzZipMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
