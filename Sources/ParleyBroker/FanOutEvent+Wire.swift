public import NIOCore

/// Why bytes could not be read as a ``FanOutEvent``.
public struct FanOutEventWireError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the bytes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable { case unsupportedVersion, truncated, invalidText }
        private let base: Base
        /// The first byte names a wire version this build does not know.
        public static let unsupportedVersion = Code(base: .unsupportedVersion)
        /// The header ends early.
        public static let truncated = Code(base: .truncated)
        /// A text field is not valid UTF-8.
        public static let invalidText = Code(base: .invalidText)
        /// The code's name.
        public var description: String { self.base.rawValue }
    }

    /// What is wrong.
    public var code: Code

    /// `FanOutEventWireError(code)`.
    public var description: String { "FanOutEventWireError(\(self.code))" }
}

/// The broker wire format of a ``FanOutEvent``:
///
/// ```
/// version: UInt8 = 1
/// flags:   UInt8   bit 0 conversationId, bit 1 seq, bit 2 excludeUserId, bit 3 isUserCopy, bit 4 origin
/// [conversationId: UInt16 length + UTF-8]   if bit 0
/// [seq: Int64, big-endian]                  if bit 1
/// [excludeUserId: UInt16 length + UTF-8]    if bit 2
/// [origin: UInt16 length + UTF-8]           if bit 4
/// frame: every remaining byte, untouched
/// ```
extension FanOutEvent {
    static let wireVersion: UInt8 = 1

    private enum Flag {
        static let conversationId: UInt8 = 1 << 0
        static let seq: UInt8 = 1 << 1
        static let excludeUserId: UInt8 = 1 << 2
        static let isUserCopy: UInt8 = 1 << 3
        static let origin: UInt8 = 1 << 4
    }

    /// Serializes the event with its routing facts for a broker hop. Text fields longer than 65,535 UTF-8 bytes
    /// are truncated (ids are far shorter).
    public func wireBytes() -> ByteBuffer {
        var flags: UInt8 = 0
        if self.conversationId != nil { flags |= Flag.conversationId }
        if self.seq != nil { flags |= Flag.seq }
        if self.excludeUserId != nil { flags |= Flag.excludeUserId }
        if self.isUserCopy { flags |= Flag.isUserCopy }
        if self.origin != nil { flags |= Flag.origin }
        let header =
            2 + (self.conversationId.map { 2 + $0.utf8.count } ?? 0) + (self.seq == nil ? 0 : 8)
            + (self.excludeUserId.map { 2 + $0.utf8.count } ?? 0) + (self.origin.map { 2 + $0.utf8.count } ?? 0)
        var buffer = ByteBufferAllocator().buffer(capacity: header + self.frame.readableBytes)
        buffer.writeInteger(Self.wireVersion)
        buffer.writeInteger(flags)
        if let conversationId = self.conversationId { Self.writeText(conversationId, to: &buffer) }
        if let seq = self.seq { buffer.writeInteger(seq, endianness: .big) }
        if let excludeUserId = self.excludeUserId { Self.writeText(excludeUserId, to: &buffer) }
        if let origin = self.origin { Self.writeText(origin, to: &buffer) }
        var frame = self.frame
        buffer.writeBuffer(&frame)
        return buffer
    }

    /// Reads an event written by ``wireBytes()``. The ``frame`` is a slice of `wire` (no copy).
    ///
    /// - Parameter wire: The bytes received from the broker.
    /// - Throws: ``FanOutEventWireError`` when the header is malformed or from an unknown version.
    public init(wire: ByteBuffer) throws {
        var buffer = wire
        guard let version = buffer.readInteger(as: UInt8.self), let flags = buffer.readInteger(as: UInt8.self) else {
            throw FanOutEventWireError(code: .truncated)
        }
        guard version == Self.wireVersion else { throw FanOutEventWireError(code: .unsupportedVersion) }
        let conversationId = flags & Flag.conversationId != 0 ? try Self.readText(&buffer) : nil
        var seq: Int64?
        if flags & Flag.seq != 0 {
            guard let value = buffer.readInteger(endianness: .big, as: Int64.self) else {
                throw FanOutEventWireError(code: .truncated)
            }
            seq = value
        }
        let excludeUserId = flags & Flag.excludeUserId != 0 ? try Self.readText(&buffer) : nil
        let origin = flags & Flag.origin != 0 ? try Self.readText(&buffer) : nil
        self.init(
            frame: buffer.readSlice(length: buffer.readableBytes)!, conversationId: conversationId, seq: seq,
            excludeUserId: excludeUserId, isUserCopy: flags & Flag.isUserCopy != 0
        )
        self.origin = origin
    }

    private static func writeText(_ text: String, to buffer: inout ByteBuffer) {
        let bytes = text.utf8.prefix(Int(UInt16.max))
        buffer.writeInteger(UInt16(bytes.count), endianness: .big)
        buffer.writeBytes(bytes)
    }

    private static func readText(_ buffer: inout ByteBuffer) throws -> String {
        guard let length = buffer.readInteger(endianness: .big, as: UInt16.self),
            let text = buffer.readString(length: Int(length))
        else { throw FanOutEventWireError(code: .truncated) }
        return text
    }
}
