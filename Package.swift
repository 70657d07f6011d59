// swift-tools-version:6.1
import PackageDescription

// Every module declares what it imports, and says which imports its public API exposes.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

extension Target.Dependency {
    static let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
    static let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
    static let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
    static let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
    static let configuration = Target.Dependency.product(name: "Configuration", package: "swift-configuration")
}

let package = Package(
    name: "parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "ParleyModeration", targets: ["ParleyModeration"]),
        .library(name: "ParleyServer", targets: ["ParleyServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // MARK: Foundations: the wire protocol, settings, moderation
        .target(
            name: "ParleyProtocol",
            dependencies: [.nioCore, .product(name: "NIOFoundationCompat", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(name: "ParleySettings", dependencies: [.configuration], swiftSettings: swiftSettings),
        .target(name: "ParleyModeration", resources: [.copy("Lexicons")], swiftSettings: swiftSettings),

        // MARK: Cluster seams: fan-out and presence, in process or over Redis
        .target(
            name: "ParleyBroker",
            dependencies: ["ParleyProtocol", .nioCore, .logging, .serviceLifecycle],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"])]),
        .target(
            name: "ParleyRedis",
            dependencies: [
                "ParleyBroker", "ParleyProtocol", "ParleySettings", "CHiredis", .nioCore, .nioPosix, .logging,
                .serviceLifecycle, .configuration,
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "RedisHop",
            dependencies: ["ParleyRedis", "ParleyBroker", .nioCore, .logging],
            path: "Benchmarks/RedisHop",
            swiftSettings: swiftSettings
        ),

        // MARK: Storage: one SQL path for SQLite and PostgreSQL
        .target(
            name: "ParleyStorage",
            dependencies: [
                "ParleyProtocol", "ParleySettings",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .nioCore, .nioPosix, .logging, .serviceLifecycle, .configuration,
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Domains: called by the transports through their public methods only
        .target(
            name: "ParleyAccounts",
            dependencies: [
                "ParleyProtocol", "ParleyStorage", "ParleySettings",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .nioPosix, .logging, .configuration,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParleyReview",
            dependencies: [
                "ParleyProtocol", "ParleyStorage", "ParleyAccounts", "ParleyModeration", "ParleySettings", .logging,
                .configuration,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParleyChat",
            dependencies: [
                "ParleyProtocol", "ParleyStorage", "ParleyBroker", "ParleyModeration", "ParleyAccounts",
                "ParleyReview", "ParleySettings", .logging, .serviceLifecycle, .configuration,
            ],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "ParleyNotifications",
            dependencies: [
                "ParleyProtocol", "ParleyStorage", "ParleyBroker", "ParleySettings", .logging, .serviceLifecycle, .configuration,
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ParleyMarketplace",
            dependencies: [
                "ParleyProtocol", "ParleyStorage", "ParleyBroker", "ParleyModeration", "ParleyAccounts", "ParleyReview",
                "ParleyChat", "ParleyNotifications", "ParleySettings", .logging, .serviceLifecycle, .configuration,
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Transports and the composition root
        .target(
            name: "ParleyServer",
            dependencies: [
                "ParleyProtocol", "ParleySettings", "ParleyModeration", "ParleyBroker", "ParleyRedis",
                "ParleyStorage", "ParleyAccounts", "ParleyReview", "ParleyChat", "ParleyMarketplace", "ParleyNotifications",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .nioCore, .nioPosix, .logging, .serviceLifecycle, .configuration,
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            // `Resources/Protocol` links to `Protocol/`: the hub serves its OpenAPI document and schemas unchanged.
            exclude: ["Resources/Protocol/README.md", "Resources/Protocol/DECISIONS.md", "Resources/Protocol/examples"],
            resources: [.copy("Resources/Protocol/openapi.yaml"), .copy("Resources/Protocol/schemas")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "parley",
            dependencies: [
                "ParleyServer", "ParleySettings", "ParleyModeration", "ParleyStorage", "ParleyAccounts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .logging, .configuration,
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests: one target per module, real servers from ParleyTestSupport
        .target(
            name: "ParleyTestSupport",
            dependencies: ["ParleyBroker", "ParleyStorage", "ParleyProtocol", .logging, .nioCore],
            path: "Tests/ParleyTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyProtocolTests",
            dependencies: ["ParleyProtocol", "ParleyTestSupport", .nioCore],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleySettingsTests",
            dependencies: ["ParleySettings", .configuration],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyModerationTests",
            dependencies: ["ParleyModeration", "ParleyTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyBrokerTests",
            dependencies: ["ParleyBroker", "ParleyProtocol", "ParleyTestSupport", .nioCore, .logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyRedisTests",
            dependencies: [
                "ParleyRedis", "ParleyBroker", "ParleyProtocol", "ParleySettings", "ParleyTestSupport", .nioCore, .nioPosix,
                .logging, .serviceLifecycle, .configuration,
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyStorageTests",
            dependencies: [
                "ParleyStorage", "ParleyProtocol", "ParleySettings", "ParleyTestSupport", .logging, .serviceLifecycle,
                .configuration,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyAccountsTests",
            dependencies: [
                "ParleyAccounts", "ParleyStorage", "ParleyProtocol", "ParleySettings", "ParleyTestSupport", .logging,
                .configuration,
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyReviewTests",
            dependencies: ["ParleyReview", "ParleyStorage", "ParleyProtocol", "ParleyTestSupport", .logging],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyMarketplaceTests",
            dependencies: ["ParleyMarketplace", "ParleyProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyChatTests",
            dependencies: [
                "ParleyChat", "ParleyAccounts", "ParleyReview", "ParleyBroker", "ParleyStorage", "ParleyProtocol",
                "ParleyModeration", "ParleyTestSupport", .logging, .nioCore,
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ParleyServerTests",
            dependencies: [
                "ParleyServer", "ParleyProtocol", "ParleyStorage", "ParleyAccounts", "ParleyChat", "ParleyBroker",
                "ParleySettings", "ParleyMarketplace", "ParleyNotifications", "ParleyTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .nioCore, .nioPosix, .logging, .serviceLifecycle, .configuration,
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
