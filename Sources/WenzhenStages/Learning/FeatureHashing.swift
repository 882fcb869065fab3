/// Feature keys built from a template number and up to three character codes, mixed into a bucket index:
/// the hashing trick, with no strings and no allocation.
public enum FeatureHashing {
    /// The 64-bit key of a feature.
    @inline(__always) public static func key(_ template: UInt64, _ a: UInt32 = 0, _ b: UInt32 = 0, _ c: UInt32 = 0) -> UInt64 {
        var key = template &* 0x9E37_79B9_7F4A_7C15
        key = (key ^ UInt64(a)) &* 0x100_0000_01B3
        key = (key ^ UInt64(b)) &* 0x100_0000_01B3
        return (key ^ UInt64(c)) &* 0x100_0000_01B3
    }

    /// The bucket of `key` among `2^bits`.
    @inline(__always) public static func bucket(_ key: UInt64, bits: Int) -> Int32 {
        Int32(truncatingIfNeeded: mix(key) & ((1 << UInt64(bits)) - 1))
    }

    /// SplitMix64's finaliser.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
