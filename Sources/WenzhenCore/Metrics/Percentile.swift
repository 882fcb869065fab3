/// The nearest-rank percentile of measurements: the value below which a share `p` of them lie.
public enum Percentile {
    /// The `p` percentile (0…1) of `values`, or nil when there are none.
    public static func of(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
