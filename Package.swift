// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "Stepwise", targets: ["Stepwise"]),
        .executable(name: "stepwise", targets: ["stepwise"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Pure core: the ASL model, validation, JSONPath, payload templates, intrinsics. No I/O, no clock.
        .target(
            name: "StatesLanguage",
            dependencies: [.product(name: "Collections", package: "swift-collections")]
        ),
        .executableTarget(
            name: "stepwise",
            dependencies: [
                "StatesLanguage",
                "StepwiseEngine",
                "StepwiseServer",
                "Stepwise", "StepFunctionsClient", "StepwiseEngineAPI",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "StatesLanguageTests", dependencies: ["StatesLanguage"], resources: [.copy("Fixtures")]),
        // The AWS Step Functions wire shapes, errors, names/ARNs, the backend protocol and SigV4.
        .target(
            name: "StepFunctionsAPI",
            dependencies: ["StatesLanguage", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "StepFunctionsAPITests", dependencies: ["StepFunctionsAPI"]),
        // The embedded engine behind `StepFunctionsBackend`: what the server, the Stepwise API and workers call.
        .target(name: "StepwiseEngineAPI", dependencies: ["StepFunctionsAPI", "StepwiseEngine"]),
        // The Step Functions API over HTTP (AWS JSON 1.0), a thin adapter onto `StepFunctionsBackend`.
        .target(
            name: "StepwiseServer",
            dependencies: [
                "StepFunctionsAPI", "StepwiseEngine", "StepwiseEngineAPI", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "StepwiseServerTests",
            dependencies: ["StepwiseServer", "StepwiseEngineAPI", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        // The AWS Step Functions API client: AWS JSON 1.0 over AsyncHTTPClient, SigV4, credentials, retries.
        .target(
            name: "StepFunctionsClient",
            dependencies: [
                "StepFunctionsAPI", "StatesLanguage", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "StepFunctionsClientTests",
            dependencies: [
                "StepFunctionsClient", "StepwiseServer", "Stepwise", "StepwiseEngine", "StepwiseEngineAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Runs the built `stepwise` binary as a subprocess (its output and exit codes).
        .testTarget(name: "stepwiseTests", dependencies: ["stepwise", "StatesLanguage"]),
        // The embedded durable engine: interpreter, SQLite store, timers, activities, recovery.
        .target(
            name: "StepwiseEngine",
            dependencies: [
                "StatesLanguage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Collections", package: "swift-collections"),
            ]
        ),
        // Test kit: a manual clock and an in-memory engine.
        .target(name: "StepwiseTesting", dependencies: ["StepwiseEngine", "StepwiseEngineAPI", "Stepwise"]),
        // Benchmark of the engine with the durable store (run in release mode; not part of the tests).
        .executableTarget(name: "stepwise-bench", dependencies: ["StepwiseEngine", "StepwiseEngineAPI", "Stepwise"]),
        // Child process for the engine's crash tests: runs workflows on a database until killed.
        .executableTarget(name: "stepwise-crash-helper", dependencies: ["StepwiseEngine"]),
        .testTarget(
            name: "StepwiseEngineTests",
            dependencies: [
                "StepwiseEngine", "StepwiseTesting", "stepwise-crash-helper", "stepwise",
                .product(name: "GRDB", package: "GRDB.swift"),  // to damage a store on purpose (failure tests)
            ]
        ),
        // What users import: task handlers, the workflow DSL and its lowering to ASL.
        .target(
            name: "Stepwise",
            dependencies: [
                "StatesLanguage", "StepFunctionsAPI", "StepwiseEngine", "StepwiseEngineAPI",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Collections", package: "swift-collections")]
        ),
        .testTarget(
            name: "StepwiseTests",
            dependencies: [
                "Stepwise", "StepwiseEngine", "StepwiseEngineAPI", "StepwiseTesting", "pizza", "batch",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Golden")]
        ),
        .executableTarget(
            name: "pizza",
            dependencies: [
                "Stepwise", "StepwiseEngine", "StepwiseEngineAPI", "StepFunctionsClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/pizza"
        ),
        .executableTarget(
            name: "batch",
            dependencies: [
                "Stepwise", "StepwiseEngine", "StepwiseEngineAPI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/batch"
        ),
    ]
)

// Swift 6 language mode everywhere, with the same upcoming features for every target.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
