/// What every text a client sends must satisfy before it is accepted, checked the same way whichever store keeps it.
/// A text that passes is stored and delivered exactly as sent: nothing is stripped or replaced.
public enum TextRules {
    /// Refuses C0 control characters (U+0000–U+001F, NUL among them) other than tab, line feed and carriage return.
    /// - Throws: `bad_request` naming the field and the character.
    public static func checkControls(_ value: String, field: String) throws {
        for byte in value.utf8 where byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
            throw ParleyError.badRequest("field '\(field)' must not contain the control character \(codePoint(UInt32(byte)))")
        }
    }

    /// For names and subjects shown beside other people's text: no control characters (as ``checkControls(_:field:)``)
    /// and no bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069), which could make one name read as
    /// another.
    /// - Throws: `bad_request` naming the field and the character.
    public static func checkDisplayText(_ value: String, field: String) throws {
        try checkControls(value, field: field)
        for scalar in value.unicodeScalars where isBidiControl(scalar.value) {
            throw ParleyError.badRequest("field '\(field)' must not contain the bidirectional control \(codePoint(scalar.value))")
        }
    }

    /// Refuses a text longer than `maxBytes` in UTF-8 (a character may carry any number of combining marks, so a
    /// limit in characters alone does not bound the size).
    /// - Throws: `too_large` naming the field and the limit.
    public static func checkBytes(_ value: String, field: String, maxBytes: Int) throws {
        guard value.utf8.count <= maxBytes else {
            throw ParleyError(.tooLarge, "field '\(field)' is longer than \(maxBytes) bytes of UTF-8")
        }
    }

    /// The usual checks of a text field in one call: not blank, at most `maxChars` characters (and 4 bytes of UTF-8
    /// each), no control characters but tab, CR and LF, and for `display` texts (names, titles) no bidi controls.
    public static func checkText(_ value: String, field: String, maxChars: Int, display: Bool = false) throws {
        guard value.contains(where: { !$0.isWhitespace }) else { throw ParleyError.badRequest("field '\(field)' must not be empty") }
        guard value.count <= maxChars else {
            throw ParleyError(.tooLarge, "field '\(field)' is longer than \(maxChars) characters")
        }
        try checkBytes(value, field: field, maxBytes: 4 * maxChars)
        try display ? checkDisplayText(value, field: field) : checkControls(value, field: field)
    }

    static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
