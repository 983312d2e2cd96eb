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
        // The Step Functions API over HTTP (AWS JSON 1.0), a thin adapter onto `StepFunctionsBackend`.
        .target(
            name: "StepwiseServer",
            dependencies: ["StepFunctionsAPI", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .testTarget(
            name: "StepwiseServerTests",
            dependencies: ["StepwiseServer", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        // What users import: task handlers, the workflow DSL and its lowering to ASL.
        .target(
            name: "Stepwise",
            dependencies: ["StatesLanguage", .product(name: "Collections", package: "swift-collections")]
        ),
        .testTarget(name: "StepwiseTests", dependencies: ["Stepwise", "pizza"], resources: [.copy("Golden")]),
        .executableTarget(
            name: "pizza",
            dependencies: ["Stepwise", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/pizza"
        ),
    ]
)

// Swift 6 language mode everywhere, with the same upcoming features for every target.
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
