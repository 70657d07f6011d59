internal import CHiredis
public import NIOCore

/// One Redis command: its arguments, binary-safe.
public struct RESPCommand: Sendable, Hashable {
    /// The command name and arguments, e.g. `PUBLISH`, channel, payload.
    public var arguments: [ByteBuffer]

    /// - Parameter arguments: The command name and arguments.
    public init(_ arguments: [ByteBuffer]) {
        self.arguments = arguments
    }

    /// - Parameter arguments: The command name and arguments, as UTF-8 text.
    public init(_ arguments: [String]) {
        self.arguments = arguments.map { ByteBuffer(string: $0) }
    }
}

/// Encodes ``RESPCommand``s with hiredis's `redisFormatCommandArgv` (binary-safe: every argument has a length).
public struct RESPEncoder: MessageToByteEncoder {
    /// Commands to encode.
    public typealias OutboundIn = RESPCommand

    /// Creates an encoder.
    public init() {}

    /// Formats the command with hiredis and copies the result into `out`, then frees hiredis's buffer.
    public func encode(data: RESPCommand, out: inout ByteBuffer) throws {
        try Self.format(data.arguments, into: &out)
    }

    static func format(_ arguments: [ByteBuffer], into out: inout ByteBuffer) throws {
        guard !arguments.isEmpty else { throw RedisError(.invalidCommand, message: "empty command") }
        var pointers = [UnsafePointer<CChar>?](repeating: nil, count: arguments.count)
        let lengths = arguments.map { $0.readableBytes }
        let zero: CChar = 0
        // Pin every argument's bytes for the duration of the call, without copying them.
        func pin(_ index: Int, empty: UnsafePointer<CChar>) throws {
            if index == arguments.count {
                var target: UnsafeMutablePointer<CChar>?
                let length = redisFormatCommandArgv(&target, Int32(arguments.count), &pointers, lengths)
                guard length >= 0, let target else {
                    throw RedisError(.invalidCommand, message: "redisFormatCommandArgv failed")
                }
                defer { redisFreeCommand(target) }
                out.writeBytes(UnsafeRawBufferPointer(start: target, count: Int(length)))
                return
            }
            try arguments[index].withUnsafeReadableBytes { bytes in
                // hiredis reads `length` bytes from the pointer; an empty argument still needs a valid address.
                pointers[index] = bytes.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) } ?? empty
                try pin(index + 1, empty: empty)
            }
        }
        try withUnsafePointer(to: zero) { empty in try pin(0, empty: empty) }
    }

}
