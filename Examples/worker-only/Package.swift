// swift-tools-version: 6.1
// A worker that only talks to AWS (or `stepwise serve`): it depends on Stepwise with no traits, so the embedded
// engine and SQLite are neither built nor linked. CI builds it and checks that the binary holds no SQLite symbol.
import PackageDescription

let package = Package(
    name: "WorkerOnly",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Stepwise", path: "../..", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "WorkerOnly",
            dependencies: [.product(name: "Stepwise", package: "Stepwise")]
        ),
    ]
)
