import FuzzSupport

/// libFuzzer target: the JSON-array reader (forced `.json`: a top-level array of objects, or the
/// first such array in a top-level object; 64-byte chunks, 512-byte elements, depth 8), then, for
/// one input in `FuzzHarness.scanEvery`, the scan pipeline over the same input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.readDump(data, size, options: FuzzHarness.readerOptions(format: .json))
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzJSON_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
