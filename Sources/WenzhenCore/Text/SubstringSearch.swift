#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension String {
    /// Whether `needle` occurs in the text: a byte search over UTF-8, which finds exactly the
    /// occurrences a scalar-by-scalar search would (UTF-8 is self-synchronizing), without Foundation's
    /// locale-aware comparison, which the stages cannot afford per cue and sentence.
    public func hasSubstring(_ needle: String) -> Bool {
        var haystack = self, needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { pattern in
                guard !pattern.isEmpty else { return true }
                guard pattern.count <= text.count else { return false }
                // Lead bytes repeat a lot in Chinese UTF-8; the first and last bytes together rarely do.
                let first = pattern[0], last = pattern[pattern.count - 1], tail = pattern.count - 1
                for start in 0...(text.count - pattern.count)
                where text[start] == first && text[start + tail] == last
                    && memcmp(text.baseAddress! + start, pattern.baseAddress!, pattern.count) == 0 {
                    return true
                }
                return false
            }
        }
    }
}
