// Measures the latency the Redis hop adds: publish on broker A → delivery on broker B, over loopback, through
// the production path (A's publish queue, drained by its `run()`, and B's subscriber connection).
//
//   swift run -c release RedisHop --url redis://127.0.0.1:6379 [--count 10000] [--size 200]
//
// "one at a time": each publish waits for the previous event's delivery. "burst": every event is published at
// once and A's queue sends them in order. Latency is taken from just before `publish` to the delivery handler on B.
import Foundation
import Logging
import NIOCore
import ParleyBroker
import ParleyRedis
import Synchronization

func argument(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

let url = argument("--url", default: ProcessInfo.processInfo.environment["PARLEY_TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379")
let count = Int(argument("--count", default: "10000"))!
let size = Int(argument("--size", default: "200"))!
let logger = Logger(label: "redis-hop")

/// Arrival times indexed by the event number carried in the frame's first 8 bytes.
final class Arrivals: Sendable {
    let times: Mutex<[UInt64]>
    let received = Atomic<Int>(0)
    let stream: AsyncStream<Int>
    let continuation: AsyncStream<Int>.Continuation
    init(count: Int) {
        self.times = Mutex([UInt64](repeating: 0, count: count))
        (self.stream, self.continuation) = AsyncStream.makeStream(of: Int.self)
    }
    func record(_ event: FanOutEvent) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard let index = event.frame.getInteger(at: event.frame.readerIndex, as: UInt64.self) else { return }
        self.times.withLock { $0[Int(index)] = now }
        self.received.add(1, ordering: .releasing)
        self.continuation.yield(Int(index))
    }
}

func frame(_ index: Int) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt64(index))
    buffer.writeRepeatingByte(UInt8(ascii: "x"), count: max(size - 8, 0))
    return buffer
}

func report(_ name: String, sent: [UInt64], arrivals: Arrivals, elapsed: Duration) {
    let times = arrivals.times.withLock { $0 }
    var latencies = zip(sent, times).filter { $0.1 > 0 }.map { Double($0.1 - $0.0) / 1000 }
    latencies.sort()
    func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
        String(
            format: "%@: %d events of %d bytes, delivered %d; latency µs: median %.1f, p90 %.1f, p99 %.1f, max %.1f; %.0f events/s",
            name, count, size, latencies.count, percentile(0.5), percentile(0.9), percentile(0.99),
            latencies.last ?? 0, Double(latencies.count) / seconds
        )
    )
}

func run() async throws {
    let a = try RedisBroker(url: url, logger: logger)
    let b = try RedisBroker(url: url, logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { services in
        services.addTask { try await a.run() }
        services.addTask { try await b.run() }
        try await measure(a, b)
        services.cancelAll()
    }
}

func measure(_ a: RedisBroker, _ b: RedisBroker) async throws {
    let channel = "bench:\(UUID().uuidString.prefix(8))"
    try await b.subscribe([channel])

    for mode in ["one at a time", "burst"] {
        let arrivals = Arrivals(count: count)
        b.setDeliveryHandler { _, event in arrivals.record(event) }
        // Warm up connections.
        try await a.publish(FanOutEvent(frame: frame(0)), to: "bench:warmup")
        var sent = [UInt64](repeating: 0, count: count)
        let start = ContinuousClock.now
        if mode == "one at a time" {
            var delivered = arrivals.stream.makeAsyncIterator()
            for index in 0..<count {
                sent[index] = DispatchTime.now().uptimeNanoseconds
                try await a.publish(FanOutEvent(frame: frame(index)), to: channel)
                while let arrived = await delivered.next(), arrived != index {}
            }
        } else {
            for index in 0..<count {
                sent[index] = DispatchTime.now().uptimeNanoseconds
                try await a.publish(FanOutEvent(frame: frame(index)), to: channel)
            }
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while arrivals.received.load(ordering: .acquiring) < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
        report(mode, sent: sent, arrivals: arrivals, elapsed: ContinuousClock.now - start)
    }
}

try await run()
