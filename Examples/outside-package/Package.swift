// swift-tools-version: 6.1
// A user's package, outside this repository's own: it depends on Stepwise by path, the way a user's package
// depends on it by URL, and compiles every Swift sample of the README (scripts/readme-samples.py copies them into
// Sources/ReadmeSamples). CI builds it, so a sample that stops compiling, or a type a sample needs that is not
// public in the products, fails the run.
import PackageDescription

let package = Package(
    name: "OutsidePackage",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Stepwise", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "ReadmeSamples",
            dependencies: [
                .product(name: "Stepwise", package: "Stepwise"),
                .product(name: "StepwiseTesting", package: "Stepwise"),
            ]
        ),
    ]
)
