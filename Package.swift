// swift-tools-version: 6.1
import PackageDescription

/// Profile-guided optimisation of LeakTrace's own modules, for `scripts/build-release`:
/// `LEAKTRACE_PGO=generate` builds them instrumented (LLVM IR counters; the script links the
/// profile runtime), `LEAKTRACE_PGO=use:FILE` optimises them with the merged profile FILE.
/// Dependencies are built as usual. The IR-level profile, not `-profile-use`: with that one,
/// Swift 6.3.1's SIL optimiser asserts (`ColdBlockInfo::inferFromEdgeProfile`).
let profileFlags: [SwiftSetting] = {
    guard let mode = Context.environment["LEAKTRACE_PGO"], !mode.isEmpty else { return [] }
    if mode == "generate" { return [.unsafeFlags(["-Xfrontend", "-ir-profile-generate"])] }
    if mode.hasPrefix("use:") { return [.unsafeFlags(["-Xfrontend", "-ir-profile-use=" + mode.dropFirst(4)])] }
    return []
}()

// One shared set of settings for every target (STYLE.md §4.1).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
] + profileFlags

let package = Package(
    name: "LeakTrace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "leaktrace", targets: ["leaktrace"]),
        // Libraries for packages outside this graph (Fuzz/, Benchmarks/).
        .library(name: "LeakTraceCore", targets: ["LeakTraceCore"]),
        .library(name: "Identifiers", targets: ["Identifiers"]),
        .library(name: "Dumps", targets: ["Dumps"]),
        .library(name: "Triage", targets: ["Triage"]),
        .library(name: "Exposure", targets: ["Exposure"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Shared vocabulary: Sensitive, errors, civil dates. No I/O.
        .target(name: "LeakTraceCore", swiftSettings: swiftSettings),
        // Malaysian identifiers: validation, canonical forms, masking, reference tables.
        .target(name: "Identifiers", dependencies: ["LeakTraceCore"], swiftSettings: swiftSettings),
        // System zlib, for streaming gzip inflate.
        .systemLibrary(name: "CZlibInflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // 64 bytes at a time for the CSV parser (SSE2 intrinsics; a header, no library).
        .systemLibrary(name: "CByteScan"),
        // mmap with a SIGBUS guard, for reading plain CSV files in place (a header, no library).
        .systemLibrary(name: "CMappedFile"),
        // Streaming record readers (CSV/TSV, NDJSON, SQL dumps, XLSX; gzip and zip containers).
        .target(
            name: "Dumps",
            dependencies: ["LeakTraceCore", "CZlibInflate", "CByteScan", "CMappedFile"],
            swiftSettings: swiftSettings
        ),
        // Column typing, the scan pipeline, the report and its renderers, free-text spans.
        .target(name: "Triage", dependencies: ["LeakTraceCore", "Identifiers", "Dumps"], swiftSettings: swiftSettings),
        // Seeded synthetic dumps for demos, tests and benchmarks.
        .target(name: "Synthetic", dependencies: ["LeakTraceCore", "Identifiers"], swiftSettings: swiftSettings),
        // Access-log forensics: log readers, record mapping, session correlation, GeoIP, timelines.
        .target(
            name: "Forensics",
            dependencies: ["LeakTraceCore", "Identifiers", "Dumps"],
            swiftSettings: swiftSettings
        ),
        // Breach records, the keyed identifier index, ingest and lookup rules; the store protocol.
        .target(
            name: "Exposure",
            dependencies: [
                "LeakTraceCore", "Identifiers", "Dumps", "Triage",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Where a dump came from and who leaked it: organisation sketches, OPRF probing, attribution
        // and dating; export marks, canaries, Tardos codes, the transfer ledger, trace.
        .target(
            name: "Provenance",
            dependencies: [
                "LeakTraceCore", "Identifiers", "Dumps", "Triage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Incident cases: organisations, roles and sharing, playbooks and tasks, timeline, observables
        // (STIX 2.1, MISP), evidence with chain of custody, the signed audit log, regulatory clocks,
        // notification drafts, the court pack; the incident store protocol.
        .target(
            name: "Incidents",
            dependencies: ["LeakTraceCore", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Data")],
            swiftSettings: swiftSettings
        ),
        // GRDB adapter: the embedded default store (one SQLite file).
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Exposure", "Incidents", "LeakTraceCore", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's own calls for the lookup probe (the library GRDB links).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // PostgresNIO adapter: the same protocols for a multi-user server.
        .target(
            name: "PostgresStore",
            dependencies: [
                "Exposure", "Incidents", "LeakTraceCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Hummingbird: the HIBP-compatible lookup API, the citizen page, ownership proofs, metrics.
        .target(
            name: "Server",
            dependencies: [
                "Exposure", "Incidents", "LeakTraceCore", "Identifiers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: swiftSettings
        ),
        // The CLI: composition root, one file per command.
        .executableTarget(
            name: "leaktrace",
            dependencies: [
                "LeakTraceCore", "Identifiers", "Dumps", "Triage", "Synthetic",
                "Exposure", "Provenance", "Forensics", "Incidents", "SQLiteStore", "PostgresStore", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LeakTraceCoreTests", dependencies: ["LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "IdentifiersTests", dependencies: ["Identifiers", "LeakTraceCore"], swiftSettings: swiftSettings),
        // ZIPFoundation writes the test workbooks and archives: a zip writer independent of the reader.
        .testTarget(name: "DumpsTests", dependencies: ["Dumps", "LeakTraceCore", "Synthetic", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: swiftSettings),
        .testTarget(name: "TriageTests", dependencies: ["Triage", "Identifiers", "Dumps", "LeakTraceCore", "Synthetic", .product(name: "ZIPFoundation", package: "ZIPFoundation")], swiftSettings: swiftSettings),
        .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "Identifiers", "LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ForensicsTests", dependencies: ["Forensics", "LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "IncidentsTests", dependencies: ["Incidents", "LeakTraceCore", "SQLiteStore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .testTarget(name: "ExposureTests", dependencies: ["Exposure", "Identifiers", "Triage", "Synthetic", "LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "ProvenanceTests", dependencies: ["Provenance", "Identifiers", "Synthetic", "LeakTraceCore", "Triage", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        // One store contract suite, run against SQLite and (when POSTGRES_URL is set) PostgreSQL.
        .testTarget(
            name: "StoreTests",
            dependencies: ["Exposure", "Incidents", "SQLiteStore", "PostgresStore", "LeakTraceCore", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Exposure", "Incidents", "SQLiteStore", "LeakTraceCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LeakTraceCLITests", dependencies: ["leaktrace"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
