// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v15)],
    // The products follow the layers. Most users need `Stepwise` (the DSL, handlers, workers, the backend protocol,
    // the AWS client and, with the default trait, the embedded engine) and `StepwiseTesting` (the test bed). The
    // lower layers can be used alone: `StatesLanguage` (the pure ASL core), `StepFunctionsClient` (the AWS client),
    // `StepwiseServer` (the Step Functions API over HTTP).
    products: [
        .library(name: "Stepwise", targets: ["Stepwise"]),
        .library(name: "StepwiseTesting", targets: ["StepwiseTesting"]),
        .library(name: "StatesLanguage", targets: ["StatesLanguage"]),
        .library(name: "StepFunctionsClient", targets: ["StepFunctionsClient"]),
        .library(name: "StepwiseServer", targets: ["StepwiseServer"]),
        .executable(name: "stepwise", targets: ["stepwise"]),
    ],
    // A worker that only talks to AWS (or to `stepwise serve`) can leave the embedded engine, and with it SQLite,
    // out of its build: `.package(url: ..., from: ..., traits: [])`.
    traits: [
        .trait(name: "EmbeddedEngine", description: "Stepwise includes the embedded durable engine (GRDB and SQLite)."),
        .default(enabledTraits: ["EmbeddedEngine"]),
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
        // Already in the graph through async-http-client: its zlib inflates gzip S3 Inventory files (ItemReader).
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.26.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        // Pure core: the ASL model, validation, JSONPath, payload templates, intrinsics. No I/O, no clock.
        .target(
            name: "StatesLanguage",
            dependencies: [
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),  // States.Hash digests
            ]
        ),
        .executableTarget(
            name: "stepwise",
            dependencies: [
                "StatesLanguage",
                "StepwiseEngine",
                "StepwiseServer",
                "Stepwise", "StepFunctionsClient", "StepwiseLambda",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),  // serve's graceful shutdown signals
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),  // serve checks its database file (quick_check) before opening it
            ]
        ),
        .testTarget(name: "StatesLanguageTests", dependencies: ["StatesLanguage"], resources: [.copy("Fixtures")]),
        // The AWS Step Functions wire shapes, errors, names/ARNs, the backend protocol and SigV4.
        .target(
            name: "StepFunctionsAPI",
            dependencies: ["StatesLanguage", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "StepFunctionsAPITests", dependencies: ["StepFunctionsAPI", "TestChildProcess"]),
        // Runs child processes for the test suites (python3, the aws CLI, `stepwise`) off Swift's cooperative pool.
        .target(name: "TestChildProcess", path: "Tests/TestChildProcess"),
        // The Step Functions API over HTTP (AWS JSON 1.0), a thin adapter onto `StepFunctionsBackend`.
        .target(
            name: "StepwiseServer",
            dependencies: [
                "StepFunctionsAPI", "StepwiseEngine", .product(name: "Hummingbird", package: "hummingbird"),
                "StepwiseLambda",  // Lambda's REST API for the local functions (Lambda/)
                .product(name: "OrderedCollections", package: "swift-collections"),  // JSON objects (JSONObject)
                .product(name: "DequeModule", package: "swift-collections"),  // ParkedPolls' remembered withdrawals
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),  // HTTPParserError: malformed framing is a 400
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "StepwiseServerTests",
            dependencies: ["StepwiseServer", "TestChildProcess", .product(name: "HummingbirdTesting", package: "hummingbird")]
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
                "StepFunctionsClient", "StepwiseServer", "Stepwise", "StepwiseEngine", "TestChildProcess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // Runs the built `stepwise` binary as a subprocess (its output and exit codes).
        .testTarget(name: "stepwiseTests", dependencies: ["stepwise", "StatesLanguage", "StepFunctionsAPI", "TestChildProcess"]),
        // The embedded durable engine: interpreter, SQLite store, timers, activities, recovery.
        .target(
            name: "StepwiseEngine",
            dependencies: [
                "StatesLanguage", "StepFunctionsAPI",
                .product(name: "GRDB", package: "GRDB.swift"),
                // History rows are bound with SQLite's own calls (the store's hottest statement; see EventInsert).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                // http:invoke tasks make their requests with it.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // gzip data files of an S3 Inventory manifest (ItemReader MANIFEST), inflated by NIO's decompressor.
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Metrics and spans of what the engine commits (StepwiseMetricName; a span per execution and state).
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The local Lambda: functions run as processes behind a Lambda Runtime API emulation on loopback HTTP, and a
        // TaskDispatcher that runs the engine's Lambda Task states on them.
        .target(
            name: "StepwiseLambda",
            dependencies: [
                "StepwiseEngine", "StatesLanguage", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),  // CodeSha256 of uploaded packages
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Test kit: a manual clock and an in-memory engine.
        .target(name: "StepwiseTesting", dependencies: ["StepwiseEngine", "Stepwise"]),
        // Benchmark of the engine with the durable store (run in release mode; not part of the tests).
        .executableTarget(name: "stepwise-bench", dependencies: ["StepwiseEngine", "Stepwise"]),
        // Child process for the engine's crash tests: runs workflows on a database until killed.
        .executableTarget(name: "stepwise-crash-helper", dependencies: ["StepwiseEngine", "Stepwise"]),
        .testTarget(
            name: "StepwiseEngineTests",
            dependencies: [
                "StepwiseEngine", "StepwiseTesting", "stepwise-crash-helper", "stepwise", "StepwiseLambda", "StepFunctionsAPI",
                "TestChildProcess",
                .product(name: "GRDB", package: "GRDB.swift"),  // to damage a store on purpose (failure tests)
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
        // What users import: task handlers, the workflow DSL and its lowering to ASL.
        .target(
            name: "Stepwise",
            dependencies: [
                "StatesLanguage", "StepFunctionsAPI", "StepFunctionsClient",
                .target(name: "StepwiseEngine", condition: .when(traits: ["EmbeddedEngine"])),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The Lambda Runtime API client (a handler placed on Lambda serves invocations through it).
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Collections", package: "swift-collections")]
        ),
        .testTarget(
            name: "StepwiseTests",
            dependencies: [
                "Stepwise", "StepwiseEngine", "StepwiseTesting", "pizza", "batch", "ExampleSupport", "TestChildProcess",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Golden")]
        ),
        // What the examples share (printing a run, a faster clock for --fast); not part of any product.
        .target(name: "ExampleSupport", dependencies: ["Stepwise", "StepwiseEngine"], path: "Examples/support"),
        .executableTarget(
            name: "pizza",
            dependencies: [
                "Stepwise", "StepwiseEngine", "StepFunctionsClient", "StepwiseLambda", "ExampleSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/pizza"
        ),
        .executableTarget(
            name: "batch",
            dependencies: [
                "Stepwise", "StepwiseEngine", "ExampleSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/batch"
        ),
    ]
)

// Swift 6 language mode everywhere, with the same upcoming features for every target:
// - ExistentialAny: `any P` spelled out.
// - MemberImportVisibility: a file sees the members (extensions) of the modules it imports, not of every module some
//   other file of the target imports (one `import StepwiseEngine` anywhere in the server once made GRDB's
//   `Sequence<SQL>.joined()` win over `String`'s in the console's HTML).
// - InternalImportsByDefault: a plain `import` is internal, so a dependency's types leak into a module's interface only
//   where a file says `public import` (or `package import` for what other targets of this package see). The only
//   modules a library re-exports are Stepwise's `@_exported` ones (Sources/Stepwise/Exports.swift).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
