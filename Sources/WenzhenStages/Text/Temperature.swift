/// Reads a body temperature in degrees Celsius out of a mention such as `38.5`, `38度5`, `39度多` or `三十八度五`.
enum Temperature {
    static func celsius(in text: String) -> Double? {
        mentions(in: Array(text.unicodeScalars)).first?.celsius
    }

    /// Every body temperature written in `text`: its span and value.
    static func mentions(in text: [Unicode.Scalar]) -> [(range: Range<Int>, celsius: Double)] {
        var found: [(range: Range<Int>, celsius: Double)] = []
        var index = 0
        while index < text.count {
            if let (value, next) = number(text, from: index), value >= 35, value < 43 {
                let (fraction, end) = self.fraction(text, from: next)
                let cued = text[max(0, index - 3)..<index].contains { feverCues.contains($0) }
                if end > next || cued { found.append((index..<end, value + fraction)) }
                index = end
            } else {
                index += 1
            }
        }
        return found
    }

    /// Characters that announce a temperature when no 度 or decimal follows the number (烧到39, 体温38).
    private static let feverCues: Set<Unicode.Scalar> = ["烧", "温", "热"]

    private static let digits: [Unicode.Scalar: Int] = [
        "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]

    /// An integer in Arabic digits or Chinese numerals (up to 四十九) starting at `start`, and the index after it.
    private static func number(_ s: [Unicode.Scalar], from start: Int) -> (Double, Int)? {
        var index = start
        var value = 0
        while index < s.count, let digit = s[index].properties.numericType == .decimal ? Int(String(s[index])) : nil {
            value = value * 10 + digit
            index += 1
        }
        if index > start { return (Double(value), index) }
        guard start + 2 < s.count, let tens = digits[s[start]], s[start + 1] == "十" else { return nil }
        if let ones = digits[s[start + 2]] { return (Double(tens * 10 + ones), start + 3) }
        return (Double(tens * 10), start + 2)
    }

    /// The decimal part after the integer (`.5`, `点5`, `度5`, `度五`; `多` counts as half a degree) and the
    /// index after the whole temperature, its `度` or `℃` included.
    private static func fraction(_ s: [Unicode.Scalar], from start: Int) -> (Double, Int) {
        var index = start
        if index < s.count, [".", "点", "度", "℃", "°"].contains(s[index]) { index += 1 }
        guard index < s.count else { return (0, index) }
        if s[index] == "多" { return (0.5, index + 1) }
        let digit = s[index].properties.numericType == .decimal ? Int(String(s[index])) : digits[s[index]]
        guard let digit, index > start else { return (0, index) }
        index += 1
        if index < s.count, ["度", "℃"].contains(s[index]) { index += 1 }
        return (Double(digit) / 10, index)
    }
}
