import FuzzSupport

/// libFuzzer target: the free-text scanner (`scan --text`), in memory and file-chunked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.scanText(data, size)
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzText_main")
public func fuzzTextMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
