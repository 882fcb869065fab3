/// Finds how long something has lasted (`3天`, `两周`, `一个多月`) and writes it the way reports do (`3天`, `2周`, `1月余`).
public enum Duration {
    private static let units: [(String, String)] = [("个多月", "月余"), ("个月", "月"), ("多天", "天余"), ("天", "天"), ("日", "天"), ("周", "周"), ("星期", "周"), ("小时", "小时"), ("年", "年")]
    private static let numerals: [Character: Int] = [
        "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0,
    ]

    /// Words right before a number (宝宝19个月), or right after months or years (十个月宝宝), that make it the
    /// child's age, not a duration.
    private static let ageMarkers: Set<String> = ["宝宝", "孩子", "小孩", "儿子", "女儿", "宝贝", "娃娃", "男孩", "女孩", "今年"]

    /// The first duration in `text`, normalized, or nil. Ages (宝宝19个月, 8个月大, 3个多月的小孩, 十个月宝宝) are not
    /// durations.
    public static func first(in text: String) -> String? {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            if let (value, next) = number(characters, from: index) {
                let rest = String(characters[next..<min(characters.count, next + 4)])
                if let unit = units.first(where: { rest.hasPrefix($0.0) }), value > 0 {
                    let after = rest.dropFirst(unit.0.count)
                    let inMonthsOrYears = unit.1.hasPrefix("月") || unit.1 == "年"
                    let isAge = (index >= 2 && ageMarkers.contains(String(characters[(index - 2)..<index])))
                        || after.hasPrefix("大")
                        || (inMonthsOrYears && (after.hasPrefix("的") || ageMarkers.contains(where: { after.hasPrefix($0) })))
                    if !isAge { return "\(value)\(unit.1)" }
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
