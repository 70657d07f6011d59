import NIOCore
public import ParleyBroker
public import Testing

@Suite("FanOutEvent wire format")
struct FanOutEventWireTests {
    @Test(
        "round-trips every combination of routing facts",
        arguments: [
            FanOutEvent(frame: ByteBuffer(string: #"{"type":"ping"}"#)),
            FanOutEvent(
                frame: ByteBuffer(string: #"{"type":"message.new"}"#), conversationId: "c-1é", seq: 9_007_199_254_740_993,
                excludeUserId: nil, isUserCopy: true
            ),
            FanOutEvent(frame: ByteBuffer(), conversationId: "", seq: -1, excludeUserId: "u-42", isUserCopy: false),
            FanOutEvent(frame: ByteBuffer(bytes: [0, 13, 10, 255]), excludeUserId: "typist"),
        ]
    )
    func roundTrip(event: FanOutEvent) throws {
        let decoded = try FanOutEvent(wire: event.wireBytes())
        #expect(decoded.frame == event.frame)
        #expect(decoded.conversationId == event.conversationId)
        #expect(decoded.seq == event.seq)
        #expect(decoded.excludeUserId == event.excludeUserId)
        #expect(decoded.isUserCopy == event.isUserCopy)
    }

    @Test("the decoded frame is a slice of the received buffer")
    func frameIsSlice() throws {
        let wire = FanOutEvent(frame: ByteBuffer(string: String(repeating: "x", count: 200)), conversationId: "c")
            .wireBytes()
        let decoded = try FanOutEvent(wire: wire)
        let sameStorage = wire.withUnsafeReadableBytes { whole in
            decoded.frame.withUnsafeReadableBytes { frame in
                frame.baseAddress! == whole.baseAddress! + (whole.count - frame.count)
            }
        }
        #expect(sameStorage)
    }

    @Test("malformed bytes throw")
    func malformed() {
        #expect(throws: FanOutEventWireError.self) { try FanOutEvent(wire: ByteBuffer()) }
        #expect(throws: FanOutEventWireError.self) { try FanOutEvent(wire: ByteBuffer(bytes: [2, 0])) }
        #expect(throws: FanOutEventWireError.self) { try FanOutEvent(wire: ByteBuffer(bytes: [1, 1, 0, 9, 65])) }
        #expect(throws: FanOutEventWireError.self) { try FanOutEvent(wire: ByteBuffer(bytes: [1, 2, 0, 0])) }
    }
}

extension FanOutEvent: CustomTestStringConvertible {
    public var testDescription: String {
        "FanOutEvent(\(frame.readableBytes) bytes, conversation: \(conversationId ?? "-"), seq: \(seq.map(String.init) ?? "-"))"
    }
}
