import Foundation
import WenzhenCore

/// The file format every trained model of Wenzhen is stored in: versioned, checksummed, self-describing.
///
/// Layout (little-endian): magic `WZMODEL1`; the model kind (8 ASCII bytes, space padded); the kind's format
/// version (UInt32); a JSON header (length UInt32, bytes); the weight sections (count UInt32, then per section
/// its precision byte — 4 for Float32, 2 for Float16 — its length UInt64 and its values); an FNV-1a 64-bit
/// checksum of everything before it. Reading names the problem: not a model, another kind, another version,
/// corrupt or truncated.
public struct ModelContainer {
    /// The precision a section is stored in.
    public enum Precision: UInt8, Sendable {
        case float32 = 4
        case float16 = 2
    }

    public var kind: String
    public var version: UInt32
    public var header: Data
    public var sections: [(precision: Precision, values: [Float])]

    public init(kind: String, version: UInt32, header: Data, sections: [(precision: Precision, values: [Float])]) {
        self.kind = kind
        self.version = version
        self.header = header
        self.sections = sections
    }

    static let magic = Array("WZMODEL1".utf8)

    public func write(to url: URL) throws {
        var data = Data(Self.magic)
        data.append(contentsOf: Self.kindBytes(kind))
        append(version, to: &data)
        append(UInt32(header.count), to: &data)
        data.append(header)
        append(UInt32(sections.count), to: &data)
        for section in sections {
            data.append(section.precision.rawValue)
            append(UInt64(section.values.count), to: &data)
            var bytes = [UInt8](repeating: 0, count: section.values.count * Int(section.precision.rawValue))
            bytes.withUnsafeMutableBytes { raw in
                for (k, value) in section.values.enumerated() {
                    switch section.precision {
                    case .float32: raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * k, as: UInt32.self)
                    case .float16: raw.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: 2 * k, as: UInt16.self)
                    }
                }
            }
            data.append(contentsOf: bytes)
        }
        append(Self.checksum(data), to: &data)
        try ResourceWriter.write(data, to: url)
    }

    /// Reads a model of `kind` in format `version`; any other file is a `StageError.invalidResource`.
    public static func read(contentsOf url: URL, kind: String, version: UInt32, retrain: String) throws -> ModelContainer {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw StageError.missingResource(url.path) }
        func invalid(_ reason: String) -> StageError { .invalidResource(file: url.lastPathComponent, reason: reason) }
        guard data.count >= 32, Array(data.prefix(8)) == magic else { throw invalid("not a Wenzhen model file") }
        var reader = Reader(data: data, offset: 8)
        let storedKind = String(decoding: reader.bytes(8), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard storedKind == kind else { throw invalid("holds a '\(storedKind)' model, not a '\(kind)' model") }
        let storedVersion: UInt32 = reader.read()
        guard storedVersion == version else {
            throw invalid("model format version \(storedVersion); this build reads version \(version) (\(retrain))")
        }
        var tail = Reader(data: data, offset: data.count - 8)
        guard tail.read() as UInt64 == checksum(data.prefix(data.count - 8)) else {
            throw invalid("checksum mismatch: the file is corrupt or truncated")
        }
        let end = data.count - 8
        let headerLength = Int(reader.read() as UInt32)
        guard reader.offset + headerLength + 4 <= end else { throw invalid("truncated header") }
        let header = Data(reader.bytes(headerLength))
        let count = Int(reader.read() as UInt32)
        var sections: [(precision: Precision, values: [Float])] = []
        for _ in 0..<count {
            guard reader.offset + 9 <= end, let precision = Precision(rawValue: reader.bytes(1)[0]) else { throw invalid("bad section") }
            let length = Int(reader.read() as UInt64)
            let size = Int(precision.rawValue)
            guard length >= 0, reader.offset + length * size <= end else { throw invalid("truncated section") }
            var values = [Float](repeating: 0, count: length)
            let base = reader.offset
            data.withUnsafeBytes { raw in
                for k in 0..<length {
                    switch precision {
                    case .float32: values[k] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * k, as: UInt32.self)))
                    case .float16: values[k] = Self.float(half: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: base + 2 * k, as: UInt16.self)))
                    }
                }
            }
            reader.offset += length * size
            sections.append((precision, values))
        }
        guard reader.offset == end else { throw invalid("unexpected bytes after the weights") }
        return ModelContainer(kind: kind, version: version, header: header, sections: sections)
    }

    static func kindBytes(_ kind: String) -> [UInt8] {
        Array((Array(kind.utf8) + Array(repeating: UInt8(ascii: " "), count: 8)).prefix(8))
    }

    private func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    static func checksum(_ data: Data) -> UInt64 { FNV1a.hash64(data) }

    private struct Reader {
        let data: Data
        var offset: Int

        mutating func read<T: FixedWidthInteger>() -> T {
            let value = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
            offset += MemoryLayout<T>.size
            return T(littleEndian: value)
        }

        mutating func bytes(_ count: Int) -> [UInt8] {
            let slice = [UInt8](data[(data.startIndex + offset)..<(data.startIndex + offset + count)])
            offset += count
            return slice
        }
    }

    /// The Float of an IEEE half-precision bit pattern, exactly, with integer operations: the library's
    /// conversion goes through a slow software routine on CPUs without F16C and dominated model loading.
    @inline(__always)
    static func float(half bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }
}