import Foundation
import HTTPTypes
import ParleyProtocol
import ParleyTestSupport
import Testing

/// What a client may put in a text field: no control characters but tab, CR and LF; no bidirectional overrides in names
/// and subjects; a body bounded in bytes as well as characters. A text that is accepted is stored exactly as sent.
@Suite("Text input")
struct TextInputTests {
    @Test func controlCharactersAreRefusedAndNothingIsStored() async throws {
        try await TestHub.run { hub in
            let a = try await hub.register()
            let b = try await hub.register("seller")
            let cid = try await hub.conversation(a, with: [b])
            let path = "/v1/conversations/\(cid)/messages"
            for bad in ["nul \u{0} inside", "bell \u{7}", "escape \u{1B}[31m", "\u{1F}unit separator"] {
                let reply = try await hub.post(path, ["body": bad, "clientMsgId": "c-\(bad.count)"], token: a.token)
                #expect(reply.status == 400, "\(bad.debugDescription)")
                #expect(reply.body["error"]?["code"]?.string == "bad_request")
                #expect(reply.body["error"]?["message"]?.string?.contains("'body'") == true)
            }
            let nulId = try await hub.post(path, ["body": "fine", "clientMsgId": "id\u{0}"], token: a.token)
            #expect(nulId.status == 400 && nulId.body["error"]?["message"]?.string?.contains("'clientMsgId'") == true)
            let socket = try await hub.socket(a)
            socket.send(["type": "message.send", "id": "w", "conversationId": cid, "body": "a\u{0}b", "clientMsgId": "w"])
            let (error, _) = try await socket.expect("error", id: "w")
            #expect(error["code"]?.string == "bad_request")
            let history = try await hub.get(path, token: a.token)
            #expect(history.body["items"]?.array.isEmpty == true, "nothing was stored")

            // tab, CR and LF are text; what is accepted comes back byte for byte
            let kept = "line one\r\nline two\tand a tab"
            let sent = try await hub.post(path, ["body": kept, "clientMsgId": "ok"], token: a.token)
            #expect(sent.status == 201 && sent.body["body"]?.string == kept)
            #expect(try await hub.get(path, token: b.token).body["items"]?.array.first?["body"]?.string == kept)
        }
    }

    @Test func bodiesAreLimitedInBytesAsWellAsCharacters() async throws {
        try await TestHub.run { hub in
            let a = try await hub.register()
            let b = try await hub.register("seller")
            let cid = try await hub.conversation(a, with: [b])
            let path = "/v1/conversations/\(cid)/messages"
            // 4,000 thumbs with a skin tone: 4,000 characters, 32,000 bytes — allowed
            let emoji = String(repeating: "👍🏽", count: 4000)
            #expect(emoji.utf8.count == 32_000)
            let fine = try await hub.post(path, ["body": emoji, "clientMsgId": "emoji"], token: a.token)
            #expect(fine.status == 201)
            #expect(fine.body["body"]?.string == emoji)
            // 100 characters carrying 400 combining marks each: far under the character limit, over 32 KiB
            let zalgo = String(repeating: "a" + String(repeating: "\u{0301}", count: 400), count: 100)
            #expect(zalgo.count == 100)
            let heavy = try await hub.post(path, ["body": zalgo, "clientMsgId": "zalgo"], token: a.token)
            #expect(heavy.status == 413)
            #expect(heavy.body["error"]?["code"]?.string == "too_large")
            // the welcome tells the byte limit
            let (_, welcome) = try await TestSocket.connect(port: hub.port, token: a.token)
            #expect(welcome["limits"]?["maxBodyBytes"]?.int == 32 * 1024)
        }
    }

    @Test func theLargestValidRequestFitsTheRequestLimitAndMoreIsRefused() async throws {
        try await TestHub.run { hub in
            let a = try await hub.register()
            let b = try await hub.register("seller")
            let cid = try await hub.conversation(a, with: [b])
            let path = "/v1/conversations/\(cid)/messages"
            // 4,000 characters written entirely as JSON escapes (a surrogate pair and a modifier each): ~96 KB
            let escaped = String(repeating: "\\ud83d\\udc4d\\ud83c\\udffd", count: 4000)
            let body = "{\"body\": \"\(escaped)\", \"clientMsgId\": \"escaped\"}"
            #expect(body.utf8.count > 96_000 && body.utf8.count < 128 * 1024)
            let fine = try await hub.request(.post, path, token: a.token, body: body)
            #expect(fine.status == 201)
            #expect(fine.body["body"]?.string == String(repeating: "👍🏽", count: 4000))
            let padded = "{\"body\": \"x\", \"clientMsgId\": \"big\", \"pad\": \"\(String(repeating: "p", count: 128 * 1024))\"}"
            let refused = try await hub.request(.post, path, token: a.token, body: padded)
            #expect(refused.status == 413)
        }
    }

    @Test func deeplyNestedDocumentsAreRefusedOverRESTAndWebSocket() async throws {
        try await TestHub.run { hub in
            let a = try await hub.register()
            let nested = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
            let rest = try await hub.request(.post, "/v1/conversations", token: a.token, body: #"{"participantIds": \#(nested)}"#)
            #expect(rest.status == 400)
            #expect(rest.body["error"]?["message"]?.string?.contains("nested deeper than 32 levels") == true)
            let socket = try await hub.socket(a)
            socket.sendText(#"{"type": "ping", "id": "deep", "x": \#(nested)}"#)
            let (error, _) = try await socket.expect("error")
            #expect(error["code"]?.string == "bad_request")
            #expect(error["message"]?.string?.contains("nested deeper") == true)
            socket.send(["type": "ping", "id": "still-open"])
            _ = try await socket.expect("pong", id: "still-open")
        }
    }

    @Test func namesAndSubjectsRefuseBidirectionalControls() async throws {
        try await TestHub.run { hub in
            for (character, scalar) in [("\u{202E}", "U+202E"), ("\u{2066}", "U+2066"), ("\u{202A}", "U+202A")] {
                let reply = try await hub.post(
                    "/v1/auth/register",
                    [
                        "email": "bidi\(UUID().uuidString.prefix(6))@example.com", "password": "password123",
                        "displayName": "ad\(character)nimda", "role": "buyer",
                    ])
                #expect(reply.status == 400)
                let message = reply.body["error"]?["message"]?.string ?? ""
                #expect(message.contains("'displayName'") && message.contains(scalar), "\(message)")
            }
            let a = try await hub.register()
            let b = try await hub.register("seller")
            let subject = try await hub.post(
                "/v1/conversations", ["participantIds": [b.id], "subject": "order \u{2067}1042"], token: a.token)
            #expect(subject.status == 400)
            #expect(subject.body["error"]?["message"]?.string?.contains("'subject'") == true)
            let nul = try await hub.post(
                "/v1/auth/register",
                ["email": "nul@example.com", "password": "password\u{0}123", "displayName": "N", "role": "buyer"])
            #expect(nul.status == 400 && nul.body["error"]?["message"]?.string?.contains("'password'") == true)
            // a right-to-left name without overrides is a name like any other
            let arabic = try await hub.post(
                "/v1/auth/register",
                ["email": "rtl@example.com", "password": "password123", "displayName": "سارة", "role": "seller"])
            #expect(arabic.status == 201 && arabic.body["user"]?["displayName"]?.string == "سارة")
        }
    }
}
