import FuzzSupport

/// libFuzzer target: the SQL dump reader. Each input is read twice: forced mysqldump and forced
/// pg_dump (64-byte chunks, 512-byte record limit), from one scratch file; one input in
/// `FuzzHarness.scanEvery` is then scanned end to end.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzHarness.readDump(data, size, options: FuzzHarness.readerOptions(format: .mysqldump), FuzzHarness.readerOptions(format: .pgdump))
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzSQL_main")
public func fuzzSQLMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
