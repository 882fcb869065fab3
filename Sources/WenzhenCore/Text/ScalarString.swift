extension String {
    /// The text of a run of characters. Encoded to UTF-8 in one buffer: appending scalars to a
    /// `String.UnicodeScalarView` one by one cost the mention stages a twentieth of their time.
    public init(scalars: some Collection<Unicode.Scalar>) {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.count * 3)
        for scalar in scalars {
            let value = scalar.value
            switch value {
            case ..<0x80:
                utf8.append(UInt8(value))
            case ..<0x800:
                utf8.append(0xC0 | UInt8(value >> 6))
                utf8.append(0x80 | UInt8(value & 0x3F))
            case ..<0x10000:
                utf8.append(0xE0 | UInt8(value >> 12))
                utf8.append(0x80 | UInt8((value >> 6) & 0x3F))
                utf8.append(0x80 | UInt8(value & 0x3F))
            default:
                utf8.append(0xF0 | UInt8(value >> 18))
                utf8.append(0x80 | UInt8((value >> 12) & 0x3F))
                utf8.append(0x80 | UInt8((value >> 6) & 0x3F))
                utf8.append(0x80 | UInt8(value & 0x3F))
            }
        }
        self.init(decoding: utf8, as: UTF8.self)
    }
}
