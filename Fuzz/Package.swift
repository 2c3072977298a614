// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for LeakTrace's readers, kept out of the main package so that its build, tests
// and Package.resolved are untouched. Build and run them with `scripts/fuzz`: they only link with
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library` (libFuzzer supplies the driver;
// each target defines `LLVMFuzzerTestOneInput` and no top-level code).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// A path dependency's identity is its directory name (`main` in /work/main, `leaktrace` in a
// clone called LeakTrace), not the manifest's name, so it is derived from this file's place.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()
let triage = Target.Dependency.product(name: "Triage", package: mainPackage)

let package = Package(
    name: "LeakTraceFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // Input-to-temp-file plumbing and the reader invariants every target checks.
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", triage], swiftSettings: swiftSettings),
        // The declaration of libFuzzer's driver entry point.
        .target(name: "CLibFuzzer"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzNDJSON", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzSniff", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzText", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzSQL", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzXLSX", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
        .executableTarget(name: "FuzzZip", dependencies: ["FuzzSupport"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
