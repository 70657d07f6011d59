/// A tiny open-addressing hash map from 64-bit word hashes to small integer values,
/// faster than `Dictionary` for the per-word lookups in the hot paths.
struct HashMap64: Sendable {
    private var keys: [UInt64]  // 0 = empty slot
    private var values: [Int32]
    private var mask: Int
    private var zeroValue: Int32?  // the key 0 is kept aside

    /// Builds the map; later duplicates overwrite earlier values.
    init(_ pairs: [(UInt64, Int32)]) {
        var size = 16
        while size < pairs.count * 3 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
        for (k, v) in pairs {
            if k == 0 {
                zeroValue = v
                continue
            }
            var i = HashMap64.slot(k, mask)
            while keys[i] != 0 && keys[i] != k { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }

    /// Builds a set (all values 0).
    init<S: Sequence>(set: S) where S.Element == UInt64 { self.init(set.map { ($0, 0) }) }

    @inline(__always) private static func slot(_ k: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (k &* 0x9E3779B97F4A7C15) >> 40) & mask
    }

    /// The value for `key`, or nil.
    @inline(__always) subscript(_ key: UInt64) -> Int32? {
        if key == 0 { return zeroValue }
        var i = HashMap64.slot(key, mask)
        while true {
            let v = keys[i]
            if v == key { return values[i] }
            if v == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// True if `key` is present.
    @inline(__always) func contains(_ key: UInt64) -> Bool { self[key] != nil }
}
