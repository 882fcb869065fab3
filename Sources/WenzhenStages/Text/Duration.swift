/// Finds how long something has lasted (`3天`, `两周`, `一个多月`) and writes it the way reports do (`3天`, `2周`, `1月余`).
public enum Duration {
    private static let units: [(String, String)] = [("个多月", "月余"), ("个月", "月"), ("多天", "天余"), ("天", "天"), ("日", "天"), ("周", "周"), ("星期", "周"), ("小时", "小时"), ("年", "年")]
    private static let numerals: [Character: Int] = [
        "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0,
    ]

    /// The first duration in `text`, normalized, or nil.
    public static func first(in text: String) -> String? {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            if let (value, next) = number(characters, from: index) {
                let rest = String(characters[next..<min(characters.count, next + 3)])
                if let unit = units.first(where: { rest.hasPrefix($0.0) }), value > 0 {
                    return "\(value)\(unit.1)"
                }
                index = next
            } else {
                index += 1
            }
        }
        return nil
    }

    /// A number in digits or Chinese numerals (十 to 九十九), and the index after it.
    private static func number(_ c: [Character], from start: Int) -> (Int, Int)? {
        var index = start
        var value = 0
        while index < c.count, let digit = c[index].wholeNumberValue, c[index].isASCII {
            value = value * 10 + digit
            index += 1
        }
        if index > start { return (value, index) }
        guard let first = numerals[c[start]] else { return nil }
        index = start + 1
        value = first
        if first == 10, index < c.count, let ones = numerals[c[index]], ones < 10 {
            value = 10 + ones
            index += 1
        } else if index < c.count, c[index] == "十" {
            value = first * 10
            index += 1
            if index < c.count, let ones = numerals[c[index]], ones < 10 { value += ones; index += 1 }
        } else if index < c.count, let second = numerals[c[index]], second > 0, second < 10 {
            index += 1  // 八九天: a range, keep its first figure
        }
        return (value, index)
    }
}
