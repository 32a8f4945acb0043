// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Signalbox",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "signalbox", targets: ["signalbox"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(
            name: "SignalboxCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Cache",
            dependencies: [
                "SignalboxCore",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Upstream",
            dependencies: [
                "SignalboxCore",
                "CCurl",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Providers",
            dependencies: [
                "SignalboxCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Store",
            dependencies: [
                "SignalboxCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Engine",
            dependencies: [
                "SignalboxCore",
                "Upstream",
                "Providers",
                "Cache",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Server",
            dependencies: [
                "SignalboxCore",
                "Engine",
                "Providers",
                "Store",
                "Upstream",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "MockProvider",
            dependencies: [
                "SignalboxCore",
                "Providers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Console",
            dependencies: [
                "SignalboxCore",
                "Engine",
                "CNCurses",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "Demo",
            dependencies: [
                "SignalboxCore", "Upstream", "Engine", "Server", "MockProvider",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "signalbox",
            dependencies: [
                "SignalboxCore", "Upstream", "Providers", "Engine", "Server", "MockProvider", "Demo", "Console", "Store", "Cache",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "SignalboxCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SignalboxCoreTests",
            dependencies: ["SignalboxCore"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "CacheTests",
            dependencies: ["Cache"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "ProvidersTests",
            dependencies: [
                "Providers", "SignalboxCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "UpstreamTests",
            dependencies: [
                "Upstream", "MockProvider", "SignalboxCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "MockProviderTests",
            dependencies: [
                "MockProvider", "SignalboxCore", "Providers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: ["Engine", "MockProvider", "SignalboxCore", "Providers", "Upstream"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: ["Console", "SignalboxCore", "Engine"],
            exclude: ["Snapshots"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Engine", "MockProvider", "SignalboxCore", "Upstream", "Store",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: upcoming
        ),
    ]
)
