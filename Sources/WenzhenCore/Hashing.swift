import Foundation

/// FNV-1a, 64 bits: a fast, stable hash of bytes for checksums and fingerprints (not for security).
public enum FNV1a {
    public static func hash64(_ data: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for byte in raw {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return hash
    }
}
