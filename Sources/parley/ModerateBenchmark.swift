import Foundation
import ParleyModeration

/// Deterministic generator of realistic chat messages for the benchmark.
struct ModerateBenchmark {
    let pipeline: ModerationPipeline
    let count: Int

    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
    }

    static let sentences = [
        "Hi, thanks for getting back to me so quickly.", "Could you do the cake for Saturday afternoon?",
        "We are expecting about 80 guests at the venue.", "The flowers looked lovely last time, can we do the same?",
        "What time would you arrive to set up?", "Is the deposit refundable if the date moves?",
        "I love the colours in the mockup you sent over.", "Can you make the logo a little bigger on the banner?",
        "The hall has a loading bay round the back.", "Please use the blue ribbon rather than the gold one.",
        "My daughter is turning six and loves dinosaurs.", "Would you take 650 for the pair of armchairs?",
        "Delivery before noon would be perfect for us.", "The budget is around 300 to 400, flexible for the right design.",
        "Thank you so much, everyone loved it!", "Let me check with my partner and confirm tomorrow.",
        "Do you offer a vegan option for the buffet?", "Order PO-2025-118402 was marked delivered but nothing came.",
        "Setup 7.30am, guests from 11, finish 4pm.", "The bench should be 1500 x 400 mm, walnut if possible.",
        "Merci pour les photos, elles sont magnifiques.", "¡Muchas gracias! Las flores llegaron perfectas.",
        "Danke, bis Samstag um 14 Uhr!", "Wedding is 2025-08-23, first look photos at 13:15.",
    ]
    static let dirty = [
        "call me on 07812 559 301 after five", "email anna.kowalska@gmail.com for the invoice",
        "my insta is @wren.illustrates", "this is complete bullshit", "see kofiframes.co.uk for more",
        "whatsapp +44 7723 410 986", "lucy dot mbeki at gmail dot com", "f*ck the fees honestly",
        "zero seven seven one four, two six nine, five five one", "t.me/jack_the_dj",
    ]

    func messages(dirtyShare: Int, seed: UInt64) -> [String] {
        var rng = RNG(state: seed)
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let target = 20 + Int(rng.next() % 381)
            var m = ""
            let isDirty = Int(rng.next() % 100) < dirtyShare
            var dirtyPlaced = !isDirty
            while m.count < target {
                if !dirtyPlaced && rng.next() % 2 == 0 {
                    m += (m.isEmpty ? "" : " ") + rng.pick(ModerateBenchmark.dirty)
                    dirtyPlaced = true
                } else {
                    m += (m.isEmpty ? "" : " ") + rng.pick(ModerateBenchmark.sentences)
                }
            }
            if !dirtyPlaced { m += " " + rng.pick(ModerateBenchmark.dirty) }
            if m.count > 400 { m = String(m.prefix(400)) }
            out.append(m)
        }
        return out
    }

    func run() {
        print("benchmark: \(count) generated messages per mix (20-400 chars), single thread")
        for (name, share) in [("clean", 0), ("mixed 20% dirty", 20), ("dirty", 100)] {
            let msgs = messages(dirtyShare: share, seed: 42 + UInt64(share))
            var sink = 0
            for m in msgs.prefix(2000) { sink &+= pipeline.moderate(m).findings.count }  // warm-up
            let clock = ContinuousClock()
            let t0 = clock.now
            for m in msgs { sink &+= pipeline.moderate(m).findings.count }
            let total = clock.now - t0
            var lat: [Int64] = []
            lat.reserveCapacity(msgs.count)
            for m in msgs {
                let a = DispatchTime.now().uptimeNanoseconds
                sink &+= pipeline.moderate(m).text.utf8.count
                lat.append(Int64(DispatchTime.now().uptimeNanoseconds - a))
            }
            lat.sort()
            let secs = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
            let rate = Double(msgs.count) / secs
            let p50 = Double(lat[lat.count / 2]) / 1000
            let p99 = Double(lat[min(lat.count - 1, lat.count * 99 / 100)]) / 1000
            let label = name.padding(toLength: 16, withPad: " ", startingAt: 0)
            print(label + String(format: " %10.0f msgs/s   p50 %7.2f µs   p99 %7.2f µs   (checksum %d)", rate, p50, p99, sink % 1000))
        }
    }
}
