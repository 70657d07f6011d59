import NIOCore
public import ParleyBroker
public import Testing

@Suite("HubEvent wire format")
struct HubEventWireTests {
    @Test(
        "round-trips every combination of routing facts",
        arguments: [
            HubEvent(frame: ByteBuffer(string: #"{"type":"ping"}"#)),
            HubEvent(
                frame: ByteBuffer(string: #"{"type":"message.new"}"#), conversationId: "c-1é", seq: 9_007_199_254_740_993,
                excludeUserId: nil, isUserCopy: true
            ),
            HubEvent(frame: ByteBuffer(), conversationId: "", seq: -1, excludeUserId: "u-42", isUserCopy: false),
            HubEvent(frame: ByteBuffer(bytes: [0, 13, 10, 255]), excludeUserId: "typist"),
        ]
    )
    func roundTrip(event: HubEvent) throws {
        let decoded = try HubEvent(wire: event.wireBytes())
        #expect(decoded.frame == event.frame)
        #expect(decoded.conversationId == event.conversationId)
        #expect(decoded.seq == event.seq)
        #expect(decoded.excludeUserId == event.excludeUserId)
        #expect(decoded.isUserCopy == event.isUserCopy)
    }

    @Test("the decoded frame is a slice of the received buffer")
    func frameIsSlice() throws {
        let wire = HubEvent(frame: ByteBuffer(string: String(repeating: "x", count: 200)), conversationId: "c")
            .wireBytes()
        let decoded = try HubEvent(wire: wire)
        let sameStorage = wire.withUnsafeReadableBytes { whole in
            decoded.frame.withUnsafeReadableBytes { frame in
                frame.baseAddress! == whole.baseAddress! + (whole.count - frame.count)
            }
        }
        #expect(sameStorage)
    }

    @Test("malformed bytes throw")
    func malformed() {
        #expect(throws: HubEventWireError.self) { try HubEvent(wire: ByteBuffer()) }
        #expect(throws: HubEventWireError.self) { try HubEvent(wire: ByteBuffer(bytes: [2, 0])) }
        #expect(throws: HubEventWireError.self) { try HubEvent(wire: ByteBuffer(bytes: [1, 1, 0, 9, 65])) }
        #expect(throws: HubEventWireError.self) { try HubEvent(wire: ByteBuffer(bytes: [1, 2, 0, 0])) }
    }
}

extension HubEvent: CustomTestStringConvertible {
    public var testDescription: String {
        "HubEvent(\(frame.readableBytes) bytes, conversation: \(conversationId ?? "-"), seq: \(seq.map(String.init) ?? "-"))"
    }
}
