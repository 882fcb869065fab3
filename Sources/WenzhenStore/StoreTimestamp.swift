import Foundation
import GRDB

/// A date as the store keeps it: GRDB's text form, `yyyy-MM-dd HH:mm:ss.SSS` in UTC, written and read with the
/// C library instead of a `DateFormatter`. The hub stamps every turn and every stage result, and formatting
/// through Foundation was a twentieth of its work.
struct StoreTimestamp: DatabaseValueConvertible {
    let date: Date

    init(_ date: Date) { self.date = date }

    var databaseValue: DatabaseValue {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t((milliseconds - ((milliseconds % 1000) + 1000) % 1000) / 1000)
        let fraction = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text: [UInt8] = []
        text.reserveCapacity(23)
        func append(_ value: Int32, digits: Int, then separator: UInt8?) {
            var divisor: Int32 = 1
            for _ in 1..<digits { divisor *= 10 }
            while divisor > 0 {
                text.append(0x30 + UInt8(value / divisor % 10))
                divisor /= 10
            }
            if let separator { text.append(separator) }
        }
        append(parts.tm_year + 1900, digits: 4, then: UInt8(ascii: "-"))
        append(parts.tm_mon + 1, digits: 2, then: UInt8(ascii: "-"))
        append(parts.tm_mday, digits: 2, then: UInt8(ascii: " "))
        append(parts.tm_hour, digits: 2, then: UInt8(ascii: ":"))
        append(parts.tm_min, digits: 2, then: UInt8(ascii: ":"))
        append(parts.tm_sec, digits: 2, then: UInt8(ascii: "."))
        append(Int32(fraction), digits: 3, then: nil)
        return String(decoding: text, as: UTF8.self).databaseValue
    }

    /// Reads the store's text form; any other form a date may have in SQLite is left to GRDB.
    static func fromDatabaseValue(_ value: DatabaseValue) -> StoreTimestamp? {
        guard case let .string(text) = value.storage else { return Date.fromDatabaseValue(value).map(StoreTimestamp.init) }
        let bytes = Array(text.utf8)
        guard bytes.count == 23 else { return Date.fromDatabaseValue(value).map(StoreTimestamp.init) }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int32(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = number(20..<23)
        else { return Date.fromDatabaseValue(value).map(StoreTimestamp.init) }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        return StoreTimestamp(Date(timeIntervalSince1970: Double(seconds) + Double(millisecond) / 1000))
    }
}
