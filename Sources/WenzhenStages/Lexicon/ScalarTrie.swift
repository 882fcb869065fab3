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
    public func forEachMatch<Text: RandomAccessCollection>(
        in text: Text, from start: Int, _ visit: (_ end: Int, _ value: Value) -> Void
    ) where Text.Index == Int, Text.Element: ScalarCode {
        var node = 0
        var index = start
        while index < text.count, let next = children[node][text[index].scalarCode] {
            node = Int(next)
            index += 1
            if let value = values[node] { visit(index, value) }
        }
    }
}

/// A character as its Unicode code point, so that tries match both `[Unicode.Scalar]` and raw code buffers.
public protocol ScalarCode {
    var scalarCode: UInt32 { get }
}

extension Unicode.Scalar: ScalarCode {
    @inline(__always) public var scalarCode: UInt32 { value }
}

extension UInt32: ScalarCode {
    @inline(__always) public var scalarCode: UInt32 { self }
}
