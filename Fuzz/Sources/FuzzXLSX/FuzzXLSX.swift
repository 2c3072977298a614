import FuzzSupport

/// libFuzzer target: the XLSX reader (forced `.xlsx`; inputs are zip bytes): workbook, relationships,
/// shared strings and styles parts, then every sheet streamed into batches (sheet name as the
/// table, row numbers as lines), with the container limits of `FuzzHarness.readerOptions` (4 MiB
/// inflated per sheet, 1 MiB of shared strings). Then, for one input in `FuzzHarness.scanEvery`,
/// the scan pipeline over the same input.
///
/// Stored entries get their CRC-32 fixed for one input in two (`FuzzHarness.withStoredCRCsFixed`),
/// so that byte mutations of their contents reach the parsers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.withStoredCRCsFixed(data, size) { data, size in
        FuzzHarness.readDump(data, size, options: FuzzHarness.readerOptions(format: .xlsx))
    }
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzXLSX_main")
public func fuzzXLSXMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
