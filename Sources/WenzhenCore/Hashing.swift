import Foundation

/// FNV-1a, 64 bits: a fast, stable hash of bytes for checksums and fingerprints (not for security).
public enum FNV1a {
    public static func hash64(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { hash64($0) }
    }

    public static func hash64(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { hash64(UnsafeRawBufferPointer($0)) }
    }

    static func hash64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
