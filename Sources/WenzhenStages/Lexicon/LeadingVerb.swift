extension String {
    /// The mention without the first of `verbs` it begins with (list them longest first), when at least two
    /// characters are left (查个支原体 → 支原体, 照蓝光 → 蓝光; 查体 stays).
    func withoutLeadingVerb(_ verbs: [String]) -> String {
        guard let verb = verbs.first(where: { hasPrefix($0) }), unicodeScalars.count - verb.unicodeScalars.count >= 2 else { return self }
        return String(unicodeScalars.dropFirst(verb.unicodeScalars.count))
    }
}
