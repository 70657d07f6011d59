import Foundation

/// Buffered stdout writer.
struct ModerateOutput {
    var buffer: [UInt8] = []
    var lines = 0
    let lineBuffered: Bool

    init(lineBuffered: Bool) {
        self.lineBuffered = lineBuffered
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        buffer.append(0x0A)
        lines += 1
        if lineBuffered || buffer.count >= 1 << 16 || lines % 512 == 0 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Foundation.write(1, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { break }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
