import FuzzSupport

/// libFuzzer target: the CSV/TSV reader. Each input is read twice: forced CSV (delimiter sniffed)
/// and forced TSV, 64-byte chunks, 512-byte record limit, then scanned end to end.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.readDump(data, size, options: FuzzHarness.readerOptions(format: .csv))
    FuzzHarness.readDump(data, size, options: FuzzHarness.readerOptions(format: .tsv))
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
