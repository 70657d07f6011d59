import Foundation
import Testing

@testable import ParleyProtocol

/// The strict parser that reads every client document: it agrees with Foundation on valid JSON, refuses what RFC 8259
/// refuses, and bounds nesting.
@Suite("JSON parser")
struct JSONParserTests {
    static func parse(_ text: String, maxDepth: Int = JSONValue.maxDepth) throws(JSONSyntaxError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8), maxDepth: maxDepth)
    }

    @Test(arguments: [
        #"{}"#, #"[]"#, #"  {"a": [1, -2.5, 3e2, 0, -0, 1E-3], "b": {"c": null}, "d": true, "e": false}  "#,
        #""plain""#, #""esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\udc4d \u0000""#, #"[[[[]]]]"#, "\t\r\n 42 \n",
        #"{"€": "ünïcödé ✓ 你好"}"#, #"1.7976931348623157e308"#,
    ])
    func validDocumentsReadAsFoundationReadsThem(_ text: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(try Self.parse(text) == expected)
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, "{a:1}", "01", "1.", ".5", "-", "+1", "1e", "NaN", "Infinity",
        "tru", "nul", "[1 2]", #""unterminated"#, "\"tab\tinside\"", #""\x""#, #""\ud83d""#, #""\udc4d""#, #""\u12""#,
        "1e999", "{} {}", "[1]]", "\u{FEFF}{}", #"{"dup": 1, "dup": 2}"#,
    ])
    func invalidDocumentsAreRefused(_ text: String) {
        #expect(throws: JSONSyntaxError.self, "\(text.debugDescription)") { try Self.parse(text) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: [0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func nestingIsBounded() throws {
        let ok = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        _ = try Self.parse(ok)
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect { try Self.parse(deep) } throws: { ($0 as? JSONSyntaxError)?.message == "nested deeper than 32 levels" }
        // far deeper than any stack: refused at level 33, without recursing further
        let hostile = String(repeating: #"{"a":["#, count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try Self.parse(hostile) }
    }

    /// Random documents written by Foundation's encoder read back as the same value.
    @Test func randomDocumentsRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        func random(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .number(Bool.random() ? Double(Int.random(in: -1_000_000...1_000_000)) : Double.random(in: -1e6...1e6))
            case 3:
                let scalars = (0..<Int.random(in: 0...12)).compactMap { _ in
                    Unicode.Scalar([0x22, 0x5C, 0x0A, 0x01, 0x41, 0xE9, 0x4F60, 0x1F44D, 0x7F].randomElement()!)
                }
                return .string(String(String.UnicodeScalarView(scalars)))
            case 4: return .array((0..<Int.random(in: 0...4)).map { _ in random(depth + 1) })
            default:
                return .object(Dictionary((0..<Int.random(in: 0...4)).map { ("k\($0)", random(depth + 1)) }) { a, _ in a })
            }
        }
        let encoder = JSONEncoder()
        for _ in 0..<500 {
            let value = random(0)
            let data = try encoder.encode(value)
            #expect(try JSONValue(parsing: data) == value, "\(String(decoding: data, as: UTF8.self))")
        }
    }
}
