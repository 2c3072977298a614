import FuzzSupport

/// libFuzzer target: no forced format, so the format sniffer decides (and whatever reader it picks
/// runs), then, for one input in `FuzzHarness.scanEvery`, the scan pipeline over the same input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.readDump(data, size, options: FuzzHarness.readerOptions(format: nil))
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzSniff_main")
public func fuzzSniffMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
