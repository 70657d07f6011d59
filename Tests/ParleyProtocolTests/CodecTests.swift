import Foundation
import NIOCore
import ParleyProtocol
import ParleyTestSupport
import Testing

@Suite("Protocol codec and rules")
struct CodecTests {
    @Test func decodesEveryClientFrame() throws {
        let cases: [(String, ClientEnvelope)] = [
            (#"{"type":"ping"}"#, .init(id: nil, frame: .ping)),
            (#"{"type":"ping","id":"1"}"#, .init(id: "1", frame: .ping)),
            (
                #"{"type":"subscribe","id":"2","channel":"conversation:c","afterSeq":7}"#,
                .init(id: "2", frame: .subscribe(channel: "conversation:c", afterSeq: 7))
            ),
            (#"{"type":"subscribe","channel":"user:u"}"#, .init(id: nil, frame: .subscribe(channel: "user:u", afterSeq: nil))),
            (#"{"type":"unsubscribe","channel":"user:u"}"#, .init(id: nil, frame: .unsubscribe(channel: "user:u"))),
            (
                #"{"type":"message.send","id":"x","conversationId":"c","body":"héllo 👋","clientMsgId":"k"}"#,
                .init(id: "x", frame: .messageSend(conversationId: "c", body: "héllo 👋", clientMsgId: "k"))
            ),
            (#"{"type":"typing","conversationId":"c","state":"stop"}"#, .init(id: nil, frame: .typing(conversationId: "c", state: .stop))),
            (#"{"type":"read","conversationId":"c","seq":3}"#, .init(id: nil, frame: .read(conversationId: "c", seq: 3))),
            (#"{"type":"auth.refresh","token":"t"}"#, .init(id: nil, frame: .authRefresh(token: "t"))),
        ]
        for (text, expected) in cases {
            #expect(try ClientEnvelope.decode(text).get() == expected, "\(text)")
        }
    }

    @Test func refusalsNameTheProblem() {
        let cases: [(String, String?, String)] = [
            ("", nil, "JSON"),
            ("null", nil, "object"),
            (#"{"id":"1"}"#, "1", "type"),
            (#"{"type":"message.send","id":"2","conversationId":"c","clientMsgId":"k"}"#, "2", "body"),
            (#"{"type":"read","conversationId":"c","seq":"3"}"#, nil, "seq"),
            (#"{"type":"subscribe","channel":"user:u","afterSeq":-1}"#, nil, "afterSeq"),
            (#"{"type":"typing","conversationId":"c","state":1}"#, nil, "state"),
            (#"{"type":"nope"}"#, nil, "unknown frame type"),
        ]
        for (text, id, word) in cases {
            guard case .failure(let failure) = ClientEnvelope.decode(text) else {
                Issue.record("\(text) decoded")
                continue
            }
            #expect(failure.id == id, "\(text)")
            #expect(failure.error.code == .badRequest)
            #expect(failure.error.message.contains(word), "\(text): \(failure.error.message)")
        }
    }

    @Test func serverFramesCarryTypeIdAndFields() throws {
        let frame = ServerFrame.ack(id: "9", Ack.Read(conversationId: "c", seq: 4))
        let value = try JSONValue.parse(String(buffer: frame))
        #expect(value == .object(["type": .string("ack"), "id": .string("9"), "conversationId": .string("c"), "seq": .number(4)]))
        let event = try JSONValue.parse(String(buffer: ServerFrame.event(ServerEvent.Read(conversationId: "c", userId: "u", seq: 4))))
        #expect(event == .object(["type": .string("read"), "conversationId": .string("c"), "userId": .string("u"), "seq": .number(4)]))
        let resync = try JSONValue.parse(String(buffer: ServerFrame.event(ServerEvent.Resync(channels: ["user:u", "conversation:c"]))))
        #expect(resync == .object(["type": .string("resync"), "channels": .array([.string("user:u"), .string("conversation:c")])]))
        let presence = try JSONValue.parse(
            String(buffer: ServerFrame.event(ServerEvent.Presence(conversationId: "c", userId: "u", state: .offline))))
        #expect(presence["state"] == .string("offline"))
        let error = try JSONValue.parse(String(buffer: ServerFrame.error(id: nil, ParleyError(.rateLimited, "slow down"))))
        #expect(error["retryable"]?.bool == true)
        #expect(error["id"] == nil)
    }

    @Test func timestampsAreRFC3339WithMilliseconds() throws {
        #expect(Timestamp(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: 1_795_323_152_855).rfc3339 == "2026-11-22T04:52:32.855Z")
        #expect(Timestamp(milliseconds: 951_782_400_001).rfc3339 == "2000-02-29T00:00:00.001Z")
        let decoded = try JSONDecoder().decode([Timestamp].self, from: Data(#"["2026-11-22T04:52:32.855Z"]"#.utf8))
        #expect(decoded == [Timestamp(milliseconds: 1_795_323_152_855)])
    }

    @Test func channelNames() {
        #expect(ChannelName("conversation:abc") == .conversation("abc"))
        #expect(ChannelName("user:u1") == .user("u1"))
        #expect(ChannelName("conversation:") == nil)
        #expect(ChannelName("order:1") == .order("1"))
        #expect(ChannelName("order:") == nil)
        #expect(ChannelName("listing:1") == nil)
        #expect(ChannelName.order("o1").name == "order:o1")
        #expect(ChannelName("user:" + String(repeating: "x", count: 300)) == nil)
    }
}
