// swift-tools-version:6.0
// make bench's Swift reference proxy: what a proxy on SwiftNIO alone reaches on this machine, built
// by bench/run.sh into .build-nio-reference (it is not part of Signalbox).
import PackageDescription

let package = Package(
    name: "nio-reference",
    dependencies: [.package(url: "https://github.com/apple/swift-nio", from: "2.101.2")],
    targets: [
        .executableTarget(
            name: "nio-reference-proxy",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ])
    ]
)
