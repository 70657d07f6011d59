import Foundation
import Logging
import ParleyAccounts
import ParleyTestSupport
import ServiceLifecycle
import Testing

@testable import ParleyServer

/// Deadlines and caps of the HTTP side: slow-loris heads, idle keep-alive connections, connection caps, shutdown.
@Suite("HTTP deadlines and connection caps")
struct HTTPDeadlineTests {
    @Test func aRequestHeadTricklingInIsCutOffAtTheDeadline() async throws {
        try await TestHub.run { config in
            config.server.requestHeadTimeout = 1
        } _: { hub in
            let loris = try RawSocket(port: hub.port)
            loris.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let trickle = Task {
                // one more header line every 200 ms, for up to 6 s: never the blank line that ends the head
                for i in 0..<30 where !Task.isCancelled {
                    loris.write("X-Slow-\(i): a\r\n")
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            defer { trickle.cancel() }
            #expect(try await loris.closedByServer(within: 5), "the hub closed the trickling connection")
            // a client that sends its head at once is served as before
            let prompt = try RawSocket(port: hub.port)
            #expect(try await prompt.get("/healthz").hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosed() async throws {
        try await TestHub.run { config in
            config.server.httpIdleTimeout = 1
        } _: { hub in
            let raw = try RawSocket(port: hub.port)
            #expect(try await raw.get("/healthz").hasPrefix("HTTP/1.1 200"))
            #expect(try await raw.get("/healthz").hasPrefix("HTTP/1.1 200"), "kept alive between requests")
            #expect(try await raw.closedByServer(within: 5))
        }
    }

    @Test func connectionsOverTheCapAreClosedAtOnce() async throws {
        try await TestHub.run { config in
            config.server.maxConnectionsPerIP = 3
        } _: { hub in
            // the test's own client may hold a connection too: open until one is refused
            var open: [RawSocket] = []
            var refused = false
            for _ in 0..<5 where !refused {
                let raw = try RawSocket(port: hub.port)
                if try await raw.get("/healthz").hasPrefix("HTTP/1.1 200") {
                    open.append(raw)
                } else {
                    refused = try await raw.closedByServer(within: 5)
                }
            }
            #expect(refused, "a connection over the cap of 3 from 127.0.0.1 is closed without an answer")
            #expect((1...3).contains(open.count))
            // one of them goes, so a new one gets its place
            open.removeFirst()
            var served = false
            for _ in 0..<50 where !served {
                let again = try RawSocket(port: hub.port)
                served = try await again.get("/healthz").hasPrefix("HTTP/1.1 200")
                if !served { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(served)
            withExtendedLifetime(open) {}
        }
    }

    @Test func gracefulShutdownClosesIdleKeepAliveConnectionsAtOnce() async throws {
        let config = StandaloneHub.configuration(name: "idle-shutdown", shutdownTimeout: 30)
        defer { StandaloneHub.removeData(config) }
        let hub = try await ParleyHub.make(configuration: config, logger: StandaloneHub.logger("idle-shutdown-test"))
        let group = hub.serviceGroup(signals: [])
        let running = Task { try await group.run() }
        var raw: RawSocket?
        for _ in 0..<100 where raw == nil {
            raw = try? RawSocket(port: config.server.port)
            if raw == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let socket = try #require(raw)
        #expect(try await socket.get("/healthz").hasPrefix("HTTP/1.1 200"))
        await group.triggerGracefulShutdown()
        // well before the 30 s the sockets' drain may take, and the minute the process may take
        #expect(try await socket.closedByServer(within: 10), "the idle keep-alive connection is closed by the shutdown")
        try await running.value
    }
}
