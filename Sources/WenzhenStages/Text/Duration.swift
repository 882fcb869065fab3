/// Finds how long something has lasted (`3天`, `两周`, `一个多月`) and writes it the way reports do (`3天`, `2周`, `1月余`).
public enum Duration {
    private static let units: [(String, String)] = [("个多月", "月余"), ("个月", "月"), ("多天", "天余"), ("天", "天"), ("日", "天"), ("周", "周"), ("星期", "周"), ("小时", "小时"), ("年", "年")]
    private static let numerals: [Character: Int] = [
        "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0,
    ]

    /// Words right before a number (宝宝19个月), or right after months or years (十个月宝宝), that make it the
    /// child's age, not a duration.
    private static let ageMarkers: Set<String> = ["宝宝", "孩子", "小孩", "儿子", "女儿", "宝贝", "娃娃", "男孩", "女孩", "今年"]

    /// The first duration in `text`, normalized, or nil. Ages (宝宝19个月, 8个月大, 3个多月的小孩, 十个月宝宝, 出生11天,
    /// 三个月25天, months or years opening the text: 11个月，拉肚子三天) are not durations.
    public static func first(in text: String) -> String? {
        let characters = Array(text)
        /// A number starting at `start` with its unit (nil when none follows it), and the index after them.
        func measure(at start: Int) -> (value: Int, unit: (String, String)?, end: Int)? {
            guard start < characters.count, let (value, next) = number(characters, from: start) else { return nil }
            let rest = String(characters[next..<min(characters.count, next + 4)])
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return (value, nil, next) }
            return (value, unit, next + unit.0.count)
        }
        var index = 0
        while index < characters.count {
            let start = index
            guard let (value, unit, end) = measure(at: start) else {
                index += 1
                continue
            }
            index = end
            guard let unit, value > 0 else { continue }
            let after = String(characters[end..<min(characters.count, end + 3)])
            let before = String(characters[max(0, start - 3)..<start])
            let inMonthsOrYears = unit.1.hasPrefix("月") || unit.1 == "年"
            // Months and then days (三个月25天): an age, days included.
            if inMonthsOrYears, let days = measure(at: end), days.unit != nil {
                index = days.end
                continue
            }
            let isAge = ageMarkers.contains { before.hasSuffix($0) } || before.hasSuffix("出生") || before.hasSuffix("出生第")
                || after.hasPrefix("大")
                || (inMonthsOrYears && (after.hasPrefix("的") || ageMarkers.contains(where: { after.hasPrefix($0) })))
                || (inMonthsOrYears && start == 0 && !after.isEmpty && !["了", "前", "来", "以"].contains(where: { after.hasPrefix($0) }))
            if !isAge { return "\(value)\(unit.1)" }
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
