/// A trie over Unicode scalars mapping strings to values, for dictionary matching inside texts.
public struct ScalarTrie<Value: Sendable>: Sendable {
    private var children: [[UInt32: Int32]] = [[:]]
    private var values: [Value?] = [nil]
    public private(set) var count = 0

    public init() {}

    /// Adds `key`; an existing key keeps its first value. Returns whether the key was new.
    @discardableResult
    public mutating func insert(_ key: some Sequence<Unicode.Scalar>, _ value: Value) -> Bool {
        var node = 0
        for scalar in key {
            if let next = children[node][scalar.value] {
                node = Int(next)
            } else {
                children.append([:])
                values.append(nil)
                children[node][scalar.value] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        guard node != 0, values[node] == nil else { return false }
        values[node] = value
        count += 1
        return true
    }

    /// Calls `visit` with the end offset and value of every key that starts at `start` in `text`, shortest first.
    public func forEachMatch(in text: [Unicode.Scalar], from start: Int, _ visit: (_ end: Int, _ value: Value) -> Void) {
        var node = 0
        var index = start
        while index < text.count, let next = children[node][text[index].value] {
            node = Int(next)
            index += 1
            if let value = values[node] { visit(index, value) }
        }
    }
}
