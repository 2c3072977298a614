#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FuzzSupport

/// libFuzzer target: the CSV/TSV reader (64-byte chunks, 512-byte record limit), then, for one
/// input in `FuzzHarness.scanEvery`, the scan pipeline.
///
/// Each input is read as forced CSV (delimiter sniffed), and again as forced TSV when that can
/// read it differently: the input holds a tab and the CSV pass did not already split on tabs. (A
/// file refused by the CSV pass, binary or empty, is refused by the TSV pass for the same reason;
/// without a tab, the TSV pass is one field per record, which the CSV pass also covers.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let csv = FuzzHarness.readerOptions(format: .csv)
    let tsv = FuzzHarness.readerOptions(format: .tsv)
    FuzzHarness.withInputFile(data, size) { path in
        let decided = FuzzHarness.drainChecked(path: path, input: input, options: csv)
        let readTSV = decided != nil && decided?.delimiter != "\\t" && size > 0 && memchr(data, 0x09, size) != nil
        if readTSV { FuzzHarness.drainChecked(path: path, input: input, options: tsv) }
        if FuzzHarness.selectedForScan(input) {
            FuzzHarness.scan(path: path, options: csv)
            if readTSV { FuzzHarness.scan(path: path, options: tsv) }
        }
    }
    return 0
}

/// The entry SwiftPM links `main` to: libFuzzer's driver (see `FuzzHarness.runLibFuzzer`).
@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.runLibFuzzer(argc, argv) { data, size in fuzz(data!, size) }
}
