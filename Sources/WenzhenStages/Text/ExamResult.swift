/// The result a patient's sentence gives for an exam it names: the first result word after the mention, in
/// its clause and before the next exam (白细胞高 → 偏高; 血象正常 → 正常; 潜血阳性 → 阳性; 不正常 → 异常). None in a
/// question or a conditional (白细胞低可以做吗？如果血项不高…), none for a negated level (白细胞不高), and none
/// past a figure (白细胞3-4潜血阳性: 阳性 is the next test's).
public enum ExamResult {
    /// Result words and how the report writes them.
    static let words: ScalarTrie<String> = {
        var trie = ScalarTrie<String>()
        for (word, result) in [
            ("未见异常", "正常"), ("没有异常", "正常"), ("没有问题", "正常"), ("无异常", "正常"), ("正常", "正常"), ("没事", "正常"), ("没问题", "正常"),
            ("阳性", "阳性"), ("阴性", "阴性"),
            ("异常", "异常"), ("偏高", "偏高"), ("升高", "偏高"), ("增高", "偏高"), ("增多", "偏高"), ("高", "偏高"), ("偏低", "偏低"),
            ("降低", "偏低"), ("下降", "偏低"), ("减少", "偏低"), ("低", "偏低"),
        ] {
            trie.insert(word.unicodeScalars, result)
        }
        return trie
    }()
    static let negations: Set<Unicode.Scalar> = ["不", "没", "无"]

    /// The first result a reply about an exam gives in any of its clauses (查了，医生说正常; 验过了，白细胞有点高).
    public static func result(inReply reply: String, characters: [Unicode.Scalar]) -> String? {
        let starts = [0] + characters.indices.filter { ContextCues.clauseBreaks.contains(characters[$0]) }.map { $0 + 1 }
        return starts.lazy.compactMap { result(in: reply, characters: characters, after: $0, before: characters.count) }.first
    }

    /// The result for the exam mention ending at `end` of `sentence`, read up to `limit` (the next exam's start).
    public static func result(in sentence: String, characters: [Unicode.Scalar], after end: Int, before limit: Int) -> String? {
        guard !ContextCues.isQuestion(sentence), !ContextCues.isHypothetical(sentence) else { return nil }
        var index = end
        // A figure is the result itself (白细胞3-4), and the words after it belong to what follows.
        while index < min(limit, characters.count), !ContextCues.clauseBreaks.contains(characters[index]),
              !("0"..."9").contains(characters[index]) {
            var found: String?
            words.forEachMatch(in: characters, from: index) { _, result in found = result }  // the longest word
            if let found {
                guard index > 0, negations.contains(characters[index - 1]) else { return found }
                return found == "正常" ? "异常" : nil
            }
            index += 1
        }
        return nil
    }
}
