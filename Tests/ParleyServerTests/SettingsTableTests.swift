import Foundation
import ParleyServer
import ParleySettings
import ParleyTestSupport
import Testing

/// The README's settings table is the settings: a setting added, renamed or given another default without the
/// README following (or the other way round) fails here.
@Suite("Settings documentation")
struct SettingsTableTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    @Test func theReadmeTableListsExactlyEverySetting() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let section = try #require(text.range(of: "\n## Settings\n"), "README.md has a '## Settings' section")
        let rest = text[section.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        let rows = body.split(separator: "\n").map(String.init).filter { $0.hasPrefix("|") }
        let expected = SettingArguments.markdownTable(HubConfiguration.settings)
        #expect(rows.count == expected.count, "rows in README: \(rows.count), settings + header: \(expected.count)")
        for (index, row) in expected.enumerated() where index >= rows.count || rows[index] != row {
            Issue.record("README settings row \(index) should read:\n\(row)\nbut reads:\n\(index < rows.count ? rows[index] : "(missing)")")
        }
    }

    @Test func everyFlagAndVariableIsUnique() {
        let settings = HubConfiguration.settings
        #expect(Set(settings.map(\.variable)).count == settings.count)
        let flags = settings.compactMap(\.flag)
        #expect(Set(flags).count == flags.count)
        #expect(settings.allSatisfy { $0.variable.hasPrefix("PARLEY_") })
    }
}
