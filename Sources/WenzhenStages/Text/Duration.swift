/// Finds how long something has lasted (`3天`, `两周`, `一个星期`, `一个多月`) and writes it the way reports do (`3天`, `2周`, `1月余`).
public enum Duration {
    private static let units: [(String, String)] = [("个多月", "月余"), ("个月", "月"), ("多天", "天余"), ("天", "天"), ("日", "天"), ("周", "周"), ("星期", "周"), ("个星期", "周"), ("个多星期", "周余"), ("礼拜", "周"), ("个礼拜", "周"), ("个多礼拜", "周余"), ("小时", "小时"), ("年", "年")]
    private static let numerals: [Character: Int] = [
        "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "半": 0,
    ]

    private static let half: Character = "半"
    /// What a half after it belongs to: a count (四个半月, 两岁半, 8半月).
    private static let countCharacters = Set("个岁0123456789").union(numerals.keys)

    /// Words right before a number (宝宝19个月, 婴儿两个月, 3岁两个月), or right after it (十个月宝宝, 五十多天的宝宝),
    /// that make it the child's age, not a duration.
    private static let ageMarkers: Set<String> = [
        "宝", "宝贝", "孩子", "小孩", "孩儿", "小儿", "婴儿", "新生儿", "儿子", "女儿", "闺女", "娃", "男孩", "女孩", "外孙", "孙子", "孙女", "今年",
        "岁",
    ]
    /// Words that may stand between the child and its age (宝宝现在十个月了, 小孩子快六个月了, 宝宝差几天九个月).
    private static let ageFillers = ["现在", "目前", "已经", "快满", "刚满", "满", "快", "才", "刚", "有", "不到", "差几天", "都"]

    /// The first duration in `text`, normalized (半年 and 半个月 as 半年 and 半月), with the offset in Unicode scalars
    /// where it starts; nil when there is none. Ages (宝宝19个月, 8个月大, 3个多月的小孩, 十个月宝宝, 出生11天,
    /// 三个月25天, 四月零七天, months or years opening the text: 11个月，拉肚子三天) are not durations.
    public static func first(in text: String) -> (value: String, offset: Int)? {
        let characters = Array(text)
        /// A number starting at `start` with its unit (nil when none follows it), and the index after them.
        func measure(at start: Int) -> (value: Int, unit: (String, String)?, end: Int)? {
            guard start < characters.count, let (value, next) = number(characters, from: start) else { return nil }
            let rest = String(characters[next..<min(characters.count, next + 4)])
            let unitsHere = characters[start] == half ? units + [("月", "月")] : units
            guard let unit = unitsHere.first(where: { rest.hasPrefix($0.0) }) else { return (value, nil, next) }
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
            // 半 alone is half a unit (咳嗽半年, 拉了半个月); after a count (四个半月, 一岁半) it belongs to an age, and
            // 半天 mostly means "a long while".
            let isHalf = characters[start] == half
            guard let unit, value > 0 || (isHalf && unit.1 != "天" && (start == 0 || !countCharacters.contains(characters[start - 1]))) else {
                continue
            }
            let after = String(characters[end..<min(characters.count, end + 3)])
            let before = Self.withoutFillers(String(characters[max(0, start - 8)..<start]))
            // A calendar year or day (出生于2017年7月11日) is no length of time.
            if (unit.1 == "年" && value >= 100) || (unit.0 == "日" && before.hasSuffix("月")) { continue }
            let inMonthsOrYears = unit.1.hasPrefix("月") || unit.1 == "年"
            // Months and then days (三个月25天): an age, days included.
            if inMonthsOrYears, let days = measure(at: end), days.unit != nil {
                index = days.end
                continue
            }
            // A count followed by 的 and the child (五十多天的宝宝, 50天左右的宝宝), or opening a clause right before the
            // child (79天宝宝受凉了, but not 前两天孩子感冒), is an age; so is a count followed by 岁 (两周岁).
            var following = String(characters[end..<min(characters.count, end + 6)])
            if following.hasPrefix("左右") { following.removeFirst(2) }
            let ofChild = following.hasPrefix("的")
            let child = ofChild ? String(following.dropFirst()) : following
            let opensClause = start == 0 || characters[start - 1].unicodeScalars.allSatisfy(ContextCues.clauseBreaks.contains)
            let namesChild = (ofChild || opensClause) && ageMarkers.contains { child.hasPrefix($0) }
            // What the child has gone without for that long (宝宝三天没拉粑粑) is a duration, the child's age before it.
            let without = after.hasPrefix("没") || after.hasPrefix("都没")
            // The age an illness began at (从三个月开始拉肚子).
            let sinceAge = before.hasSuffix("从") && (after.hasPrefix("开始") || after.hasPrefix("起"))
            let isAge = (ageMarkers.contains { before.hasSuffix($0) } && !without) || namesChild || following.hasPrefix("岁") || sinceAge
                || before.hasSuffix("出生") || before.hasSuffix("出生第") || before.hasSuffix("零")
                || after.hasPrefix("大")
                || (inMonthsOrYears && (after.hasPrefix("的") || ageMarkers.contains(where: { after.hasPrefix($0) })))
                || (inMonthsOrYears && start == 0 && !after.isEmpty && !["了", "前", "来", "以"].contains(where: { after.hasPrefix($0) }))
            if !isAge {
                return (isHalf ? "半\(unit.1)" : "\(value)\(unit.1)", characters[..<start].reduce(0) { $0 + $1.unicodeScalars.count })
            }
        }
        return nil
    }

    /// `text` without the words that may stand between the child and its age at its end.
    private static func withoutFillers(_ text: String) -> String {
        var text = text
        while let filler = ageFillers.first(where: { text.hasSuffix($0) }) { text.removeLast(filler.count) }
        return text
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
