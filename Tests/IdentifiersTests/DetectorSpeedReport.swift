import Foundation
import Identifiers
import LeakTraceCore
import Testing

/// A speed report, not a speed test: it times the hot-path detectors on realistic cells and
/// prints ns/call. It never asserts a time (no timed tests).
///
/// Run it optimised, alone:
///
///     swift test -c release --scratch-path .build-perf --filter DetectorSpeedReport
///
/// Each row times the frozen reference implementation (`ReferenceDetectors.swift`, the code before
/// the speed work) and the shipped one in the same process, so the speed-up holds even when other
/// jobs share the machine. Release builds time `N` = 1,000,000 calls per detector, context and
/// implementation; debug builds only 10,000
/// (the figures are then meaningless, the run just keeps the code exercised). The environment
/// variable `LEAKTRACE_SPEED_N` overrides `N`.
@Suite("DetectorSpeedReport")
struct DetectorSpeedReport {
    static var iterations: Int {
        if let text = ProcessInfo.processInfo.environment["LEAKTRACE_SPEED_N"], let n = Int(text), n > 0 { return n }
        #if DEBUG
            return 10_000
        #else
            return 1_000_000
        #endif
    }

    /// Cells in the spellings the synthetic telco dump and real dumps use.
    static let phoneCells = [
        "60143421936", "60 14 342 1936", "0197574260", "012-345 6789", "+60123456789",
        "03-2385 6789", "011-2345 6789", "+60 (0)12-345 6789", "082-234 567", "60123456789",
    ]
    static let mykadCells = [
        "731019144719", "910204118128", "900101-14-5679", "850505 10 5123", "880229-08-1234",
        "020314-10-0987", "750612145533", "641120-01-7711", "990909-13-4442", "010101-14-0001",
    ]
    static let imsiCells = [
        "502161997892175", "502190352904280", "502121234567890", "502153000012345", "525011234567890",
        "502130000000001", "502181112223334", "502171234567891", "502991234567890", "310150123456789",
    ]
    static let emailCells = [
        "vijay76788546@example.com", "haslinda.aizat56926930@example.com", "Siti.Aminah@Gmail.COM",
        "ali@example.com.my", "tan_ah_kow+jobs@yahoo.com", "not an email", "x1@sub-domain.edu.my",
        "kumar.s@tm.net.my", "user@example.photography", "ahmad@x.org",
    ]

    /// Thread CPU time in ns: less disturbed than wall time when other builds share the cores.
    static func cpuNanoseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1e9 + Double(spec.tv_nsec)
    }

    /// Times `iterations` calls of `detect` cycling through `cells` in 5 rounds and returns the
    /// best round's ns/call. Inlined into each call site so that the detector call is direct (no
    /// closure thunks copying `Detection`).
    @inline(__always)
    static func time(_ cells: [String], _ detect: (UnsafeBufferPointer<UInt8>) -> Detection) -> (nsPerCall: Double, checksum: Int) {
        // One contiguous buffer holding every cell, so the loop does no array-of-array access.
        var joined: [UInt8] = []
        var ranges: [Range<Int>] = []
        for cell in cells {
            let start = joined.count
            joined.append(contentsOf: cell.utf8)
            ranges.append(start..<joined.count)
        }
        let rounds = 5
        let perRound = max(1, iterations / rounds)
        var checksum = 0
        return joined.withUnsafeBufferPointer { all in
            // Warm up (lazy statics, caches).
            for r in ranges { checksum &+= detect(UnsafeBufferPointer(rebasing: all[r])).canonical?.utf8.count ?? 0 }
            var best = Double.infinity
            for _ in 0..<rounds {
                let start = cpuNanoseconds()
                var i = 0
                var k = 0
                while i < perRound {
                    let d = detect(UnsafeBufferPointer(rebasing: all[ranges[k]]))
                    checksum &+= (d.canonical?.utf8.count ?? 0) &+ d.notes.count &+ (d.verdict == .valid ? 1 : 0)
                    k += 1
                    if k == ranges.count { k = 0 }
                    i += 1
                }
                best = min(best, (cpuNanoseconds() - start) / Double(perRound))
            }
            return (best, checksum)
        }
    }

    @Test("DetectorSpeedReport: ns/call per detector (prints, never asserts a time)")
    func report() {
        let untyped = CellContext.untyped
        let phoneColumn = CellContext(columnType: .phoneMobile)
        let mykadColumn = CellContext(columnType: .mykad)
        let imsiColumn = CellContext(columnType: .imsi)
        // (name, reference = the implementation before the speed work, fast = the shipped one)
        typealias Timing = (nsPerCall: Double, checksum: Int)
        let results: [(String, Timing, Timing)] = [
            ("Phone  (phone column)",
             Self.time(Self.phoneCells) { ReferencePhone.detect(bytes: $0, context: phoneColumn) },
             Self.time(Self.phoneCells) { Phone.detect(bytes: $0, context: phoneColumn) }),
            ("Phone  (untyped)",
             Self.time(Self.phoneCells) { ReferencePhone.detect(bytes: $0, context: untyped) },
             Self.time(Self.phoneCells) { Phone.detect(bytes: $0, context: untyped) }),
            ("MyKad  (mykad column)",
             Self.time(Self.mykadCells) { ReferenceMyKad.detect(bytes: $0, context: mykadColumn) },
             Self.time(Self.mykadCells) { MyKad.detect(bytes: $0, context: mykadColumn) }),
            ("MyKad  (untyped)",
             Self.time(Self.mykadCells) { ReferenceMyKad.detect(bytes: $0, context: untyped) },
             Self.time(Self.mykadCells) { MyKad.detect(bytes: $0, context: untyped) }),
            ("IMSI   (imsi column)",
             Self.time(Self.imsiCells) { ReferenceIMSI.detect(bytes: $0, context: imsiColumn) },
             Self.time(Self.imsiCells) { IMSI.detect(bytes: $0, context: imsiColumn) }),
            ("IMSI   (untyped)",
             Self.time(Self.imsiCells) { ReferenceIMSI.detect(bytes: $0, context: untyped) },
             Self.time(Self.imsiCells) { IMSI.detect(bytes: $0, context: untyped) }),
            ("Email  (untyped)",
             Self.time(Self.emailCells) { ReferenceEmail.detect(bytes: $0, context: untyped) },
             Self.time(Self.emailCells) { Email.detect(bytes: $0, context: untyped) }),
        ]
        var lines = [
            "DetectorSpeedReport: N = \(Self.iterations) calls per cell, best of 5 rounds, thread CPU ns/call",
            "  detector                  reference       fast   speed-up",
        ]
        var total = 0
        for (name, reference, fast) in results {
            // Both ran the same calls over the same cells: their result checksums must agree.
            #expect(reference.checksum == fast.checksum, "\(name): the fast path answered differently")
            total &+= reference.checksum &+ fast.checksum
            let pad = name.padding(toLength: 24, withPad: " ", startingAt: 0)
            lines.append("  \(pad) \(String(format: "%9.1f  %9.1f  %7.2fx", reference.nsPerCall, fast.nsPerCall, reference.nsPerCall / fast.nsPerCall))")
        }
        lines.append("  (checksum \(total))")
        print(lines.joined(separator: "\n"))
    }
}
