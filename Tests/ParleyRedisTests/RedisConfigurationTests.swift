import Configuration
import Logging
import ParleyRedis
import ParleySettings
import Testing

@Suite("Redis URL and backoff")
struct RedisConfigurationTests {
    @Test("parses host, port, credentials and database")
    func parses() throws {
        let full = try RedisConfiguration(url: "redis://al%40ice:p%3Ass@redis.internal:6380/3")
        #expect(
            full
                == RedisConfiguration(
                    host: "redis.internal", port: 6380, username: "al@ice", password: "p:ss",
                    database: 3))
        #expect(!full.description.contains("p:ss"))
        #expect(try RedisConfiguration(url: "redis://localhost") == RedisConfiguration(host: "localhost"))
        #expect(try RedisConfiguration(url: "redis://:secret@[::1]:7000").password == "secret")
        #expect(try RedisConfiguration(url: "redis://:secret@[::1]:7000").host == "::1")
    }

    @Test(
        "a bad URL gives a clear error",
        arguments: [
            ("http://localhost:6379", "scheme"), ("redis://", "host"), ("redis://h:99999", "port"),
            ("redis://h:abc", "port"), ("redis://h:6379/x", "database"), ("localhost:6379", "scheme"),
        ]
    )
    func badURL(url: String, mentions: String) throws {
        let error = try #require(throws: RedisError.self) {
            try RedisBroker(url: url, logger: Logger(label: "test"))
        }
        #expect(error.code == .invalidURL)
        #expect(error.description.contains(mentions))
        #expect(error.description.contains("redis://[user:pass@]host:port/db"))
    }

    @Test("the password never appears in an error")
    func passwordNotLeaked() throws {
        let error = try #require(throws: RedisError.self) { try RedisConfiguration(url: "redis://u:hunter2@h:x") }
        #expect(!error.description.contains("hunter2"))
    }

    @Test("backoff doubles from 50 ms to 2 s with jitter in 0.5...1")
    func backoff() {
        let backoff = RedisBackoff()
        #expect(backoff.delay(attempt: 0, jitter: 1) == .milliseconds(50))
        #expect(backoff.delay(attempt: 0, jitter: 0) == .milliseconds(25))
        #expect(backoff.delay(attempt: 3, jitter: 1) == .milliseconds(400))
        #expect(backoff.delay(attempt: 10, jitter: 1) == .seconds(2))
        #expect(backoff.delay(attempt: 1000, jitter: 0) == .seconds(1))
    }

    @Test("the broker's settings keep their flags and variables, with today's defaults")
    func settings() {
        let rows = RedisBrokerConfiguration.settings.map { [$0.key, $0.flag ?? "-", $0.variable, $0.defaultText] }
        #expect(
            rows == [
                ["redis.url", "--redis-url", "PARLEY_REDIS_URL", "none (in-process)"],
                ["redis.prefix", "--redis-prefix", "PARLEY_REDIS_PREFIX", "`parley:`"],
                ["redis.commandTimeout", "--redis-command-timeout", "PARLEY_REDIS_COMMAND_TIMEOUT", "`5`"],
                ["redis.publishQueue", "--redis-publish-queue", "PARLEY_REDIS_PUBLISH_QUEUE", "`65536`"],
            ])
        #expect(RedisBrokerConfiguration.settings.first?.isSecret == true)
        let defaults = RedisBrokerConfiguration()
        #expect(defaults.url == nil && defaults.prefix == "parley:")
        #expect(defaults.commandTimeout == .seconds(5) && defaults.publishQueue == 65536)
    }

    @Test("the configuration reads its keys from a reader scoped to parley, defaults filling the rest")
    func readsKeys() throws {
        let arguments = try SettingArguments(
            ["--redis-url", "redis://h:1/2", "--redis-command-timeout", "2"], settings: RedisBrokerConfiguration.settings)
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: arguments.values),
            InMemoryProvider(name: "env", values: [["parley", "redis", "publishQueue"]: 10]),
        ]).scoped(to: "parley")
        let configuration = RedisBrokerConfiguration(reader: reader)
        #expect(configuration.url == "redis://h:1/2")
        #expect(configuration.prefix == "parley:")
        #expect(configuration.commandTimeout == .seconds(2))
        #expect(configuration.publishQueue == 10)
    }
}
