import Configuration
import ParleySettings
import Testing

@Suite("Settings: one declaration gives the key, flag, variable and default")
struct SettingTests {
    static let port = Setting.int("port", default: 8080, "port to listen on")
    static let redisURL = Setting.optionalString("redis.url", defaultText: "none", isSecret: true, "Redis")
    static let tokenTTL = Setting.int("tokenTtl", default: 3600, "token lifetime")
    static let rate = Setting.double("rateLimit", default: 10, "sends per second")
    static let rules = Setting.list("moderationRules", flag: "moderation-rule", defaultText: "(all `mask`)", "policy")
    static let secret = Setting.optionalString("jwtSecret", defaultText: "generated", isSecret: true, hasFlag: false, "secret")
    static var all: [SettingInfo] { [port.info, redisURL.info, tokenTTL.info, rate.info, rules.info, secret.info] }

    @Test func flagsAndVariablesDeriveFromTheKey() {
        #expect(Self.port.info.flag == "--port")
        #expect(Self.port.info.variable == "PARLEY_PORT")
        #expect(Self.redisURL.info.flag == "--redis-url")
        #expect(Self.redisURL.info.variable == "PARLEY_REDIS_URL")
        #expect(Self.tokenTTL.info.flag == "--token-ttl")
        #expect(Self.tokenTTL.info.variable == "PARLEY_TOKEN_TTL")
        #expect(Self.rules.info.flag == "--moderation-rule")
        #expect(Self.rules.info.variable == "PARLEY_MODERATION_RULES")
        #expect(Self.secret.info.flag == nil)
        #expect(Self.rate.info.defaultText == "`10`")
    }

    @Test func aFlagWinsOverItsVariableAndDefaultsFillTheRest() throws {
        let arguments = try SettingArguments(
            [
                "--port", "9000", "--redis-url=redis://127.0.0.1:1/0", "--moderation-rule", "phone=hold", "--moderation-rule",
                "profanity=block", "--rate-limit", "2.5",
            ],
            settings: Self.all)
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: arguments.values),
            InMemoryProvider(name: "env", values: [["parley", "port"]: 7000, ["parley", "tokenTtl"]: 60]),
        ]).scoped(to: "parley")
        #expect(Self.port.read(reader) == 9000)
        #expect(Self.tokenTTL.read(reader) == 60)
        #expect(Self.redisURL.read(reader) == "redis://127.0.0.1:1/0")
        #expect(Self.rules.read(reader) == "phone=hold,profanity=block")
        #expect(Self.rate.read(reader) == 2.5)
        #expect(Self.secret.read(reader) == nil)
        let empty = ConfigReader(providers: [InMemoryProvider(values: [:])]).scoped(to: "parley")
        #expect(Self.port.read(empty) == 8080)
    }

    @Test func badFlagsAreRefusedByName() {
        for (arguments, word) in [
            (["--nope", "1"], "--nope"), (["--port"], "needs a value"), (["--port", "eighty"], "whole number"),
            (["--rate-limit", "fast"], "number"), (["--jwt-secret", "x"], "--jwt-secret"),
        ] {
            #expect {
                _ = try SettingArguments(arguments, settings: Self.all)
            } throws: { error in
                "\(error)".contains(word)
            }
        }
    }

    @Test func theReadmeTableHasARowPerSetting() {
        let table = SettingArguments.markdownTable(Self.all)
        #expect(table.count == 2 + Self.all.count)
        #expect(table[2] == "| `--port` | `PARLEY_PORT` | `8080` | port to listen on |")
        #expect(table.last == "| — | `PARLEY_JWT_SECRET` | generated | secret |")
    }
}
