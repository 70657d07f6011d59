import ParleySettings
import ParleyStorage
import Testing

@Suite("Storage: settings")
struct StorageConfigurationTests {
    @Test func theSettingsKeepTheirNames() {
        let byKey = Dictionary(uniqueKeysWithValues: StorageConfiguration.settings.map { ($0.key, $0) })
        #expect(byKey["postgres.url"]?.flag == "--postgres-url")
        #expect(byKey["postgres.url"]?.variable == "PARLEY_POSTGRES_URL")
        #expect(byKey["postgres.url"]?.isSecret == true)
        #expect(byKey["postgres.url"]?.defaultText == "none (SQLite)")
        #expect(byKey["postgres.poolSize"]?.flag == "--postgres-pool-size")
        #expect(byKey["postgres.connectTimeout"]?.variable == "PARLEY_POSTGRES_CONNECT_TIMEOUT")
        #expect(byKey["postgres.waitTimeout"]?.defaultText == "`5`")
        #expect(byKey["postgres.statementTimeout"]?.flag == "--postgres-statement-timeout")
        #expect(byKey["postgres.statementTimeout"]?.defaultText == "`30`")
        #expect(byKey.count == 5)
    }

    @Test func theDefaultsAreTodaysLimits() throws {
        let configuration = StorageConfiguration()
        #expect(configuration.postgresURL == nil)
        #expect([configuration.poolSize, configuration.connectTimeout, configuration.waitTimeout] == [16, 3, 5])
        try configuration.validate()
    }

    @Test func valuesThatCannotWorkAreRefusedByFlag() {
        var cases: [(StorageConfiguration, String)] = []
        var configuration = StorageConfiguration()
        configuration.poolSize = 0
        cases.append((configuration, "postgres-pool-size must be 1…1000"))
        configuration = StorageConfiguration()
        configuration.connectTimeout = 0
        cases.append((configuration, "postgres-connect-timeout must be 1…300 seconds"))
        configuration = StorageConfiguration()
        configuration.waitTimeout = 301
        cases.append((configuration, "postgres-wait-timeout must be 1…300 seconds"))
        for (configuration, message) in cases {
            #expect { try configuration.validate() } throws: { ($0 as? SettingError)?.message == message }
        }
    }
}
