import Foundation
import Testing

@testable import ParleyProtocol

@Suite("Text rules")
struct TextRulesTests {
    @Test(arguments: Array(0x00...0x1F).filter { ![0x09, 0x0A, 0x0D].contains($0) })
    func c0ControlsAreRefused(code: Int) {
        let text = "before" + String(UnicodeScalar(UInt8(code))) + "after"
        #expect { try TextRules.checkControls(text, field: "body") } throws: { error in
            let error = error as? ParleyError
            return error?.code == .badRequest && error?.message.contains("'body'") == true
        }
    }

    @Test func tabLineFeedCarriageReturnAndOtherScriptsPass() throws {
        try TextRules.checkControls("a\tb\nc\r\nd — ü — 你好 — 👍🏽 — \u{7F}", field: "body")
        try TextRules.checkDisplayText("سارة and Dana", field: "displayName")
    }

    @Test(arguments: [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069])
    func bidiControlsAreRefusedInDisplayTextOnly(code: Int) throws {
        let text = "left" + String(Character(UnicodeScalar(UInt32(code))!)) + "right"
        try TextRules.checkControls(text, field: "body")
        #expect { try TextRules.checkDisplayText(text, field: "subject") } throws: { error in
            (error as? ParleyError)?.message.contains(String(format: "U+%04X", code)) == true
        }
    }

    @Test func bytesAreCountedInUTF8() throws {
        try TextRules.checkBytes(String(repeating: "👍🏽", count: 4), field: "body", maxBytes: 32)
        #expect { try TextRules.checkBytes(String(repeating: "👍🏽", count: 4) + "x", field: "body", maxBytes: 32) } throws: {
            ($0 as? ParleyError)?.code == .tooLarge
        }
    }
}
