import FuzzSupport

/// libFuzzer target: the NDJSON reader (forced format, 64-byte chunks, 512-byte lines, depth 8),
/// then, for one input in `FuzzHarness.scanEvery`, the scan pipeline over the same input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.readDump(data, size, options: FuzzHarness.readerOptions(format: .ndjson))
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzNDJSON_main")
public func fuzzNDJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
