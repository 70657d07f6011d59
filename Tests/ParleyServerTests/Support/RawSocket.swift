import Foundation

#if canImport(Glibc)
import Glibc
import ParleyTestSupport
#endif

/// A TCP client for what a well-behaved client library will not do: stop reading. Its reads block, so they run off
/// the concurrency pool (``offThePool(_:)``): a test blocked in one must not starve the hub it waits for.
final class RawSocket: @unchecked Sendable {
    let fd: Int32

    /// Connects to 127.0.0.1:port with a small receive buffer.
    init(port: Int, receiveBuffer: Int32 = 4096) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var size = receiveBuffer
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw TestTimeout(what: "connect (errno \(errno))") }
    }

    func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the HTTP head ends; returns it.
    func readHeadBlocking() -> String {
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while recv(fd, &byte, 1, 0) == 1 {
            head.append(byte)
            if head.suffix(4) == [13, 10, 13, 10] { break }
        }
        return String(decoding: head, as: UTF8.self)
    }

    /// Performs a WebSocket upgrade with a bearer token and returns the response head.
    func upgrade(token: String) async throws -> String {
        write(
            "GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer \(token)\r\n\r\n")
        return try await offThePool { self.readHeadBlocking() }
    }

    /// Reads everything until the server closes; returns the byte count.
    func readToEnd(timeout: TimeInterval = 10) async throws -> Int {
        try await offThePool { self.readToEndBlocking(timeout: timeout) }
    }

    func readToEndBlocking(timeout: TimeInterval) -> Int {
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return total }
            total += n
        }
    }

    /// Whether the server closes the connection within `timeout` seconds (reading and dropping what it sends).
    func closedByServer(within timeout: TimeInterval) async throws -> Bool {
        try await offThePool {
            var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
            setsockopt(self.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(self.fd, &buffer, buffer.count, 0)
                if n == 0 { return true }
                if n < 0 { return errno == ECONNRESET }
            }
        }
    }

    /// Sends a keep-alive `GET` and returns the response head ("" when the server closed instead), its body read.
    func get(_ path: String) async throws -> String {
        write("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        return try await offThePool {
            let head = self.readHeadBlocking()
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            var byte: UInt8 = 0
            for _ in 0..<length where recv(self.fd, &byte, 1, 0) == 1 {}
            return head
        }
    }

    deinit { Glibc.close(fd) }
}
