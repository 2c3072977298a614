// swift-tools-version: 6.1
import PackageDescription

// One shared set of settings for every target (STYLE.md §4.1).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        // Shared vocabulary: Sensitive, errors, civil dates. No I/O.
        .target(name: "LeakTraceCore", swiftSettings: swiftSettings),
        // Malaysian identifiers: validation, canonical forms, masking, reference tables.
        .target(name: "Identifiers", dependencies: ["LeakTraceCore"], swiftSettings: swiftSettings),
        // System zlib, for streaming gzip inflate.
        .systemLibrary(name: "CZlibInflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Streaming record readers (CSV/TSV, NDJSON, SQL dumps, XLSX; gzip and zip containers).
        .target(
            name: "Dumps",
            dependencies: ["LeakTraceCore", "CZlibInflate", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        // Column typing, the scan pipeline, the report and its renderers, free-text spans.
        .target(name: "Triage", dependencies: ["LeakTraceCore", "Identifiers", "Dumps"], swiftSettings: swiftSettings),
        // Seeded synthetic dumps for demos, tests and benchmarks.
        .target(name: "Synthetic", dependencies: ["LeakTraceCore", "Identifiers"], swiftSettings: swiftSettings),
        // The CLI: composition root, one file per command.
        .executableTarget(
            name: "leaktrace",
            dependencies: [
                "LeakTraceCore", "Identifiers", "Dumps", "Triage", "Synthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LeakTraceCoreTests", dependencies: ["LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "IdentifiersTests", dependencies: ["Identifiers", "LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DumpsTests", dependencies: ["Dumps", "LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "TriageTests", dependencies: ["Triage", "Identifiers", "Dumps", "LeakTraceCore", "Synthetic"], swiftSettings: swiftSettings),
        .testTarget(name: "SyntheticTests", dependencies: ["Synthetic", "Identifiers", "LeakTraceCore"], swiftSettings: swiftSettings),
        .testTarget(name: "LeakTraceCLITests", dependencies: ["leaktrace"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
