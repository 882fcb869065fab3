import Foundation

/// Reads the IMCS-V2 NER training sentences: JSON Lines of `{"sentence", "BIO_label"}`.
public enum NERSentenceFile {
    struct Line: Decodable {
        var sentence: String
        var BIO_label: String
    }

    /// Every sentence with its tags; a line whose tags do not match its characters is an error naming the line.
    public static func read(contentsOf url: URL) throws(DialogueFileError) -> [(text: [Unicode.Scalar], tags: [String])] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        if let offset = UTF8Validation.firstInvalidByte(in: data) { throw .invalidUTF8(offset: offset) }
        var sentences: [(text: [Unicode.Scalar], tags: [String])] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(line)) else {
                throw .invalidRecord(id: "line \(number + 1)", reason: "expected {\"sentence\", \"BIO_label\"}")
            }
            let text = Array(parsed.sentence.unicodeScalars)
            let tags = BIO.tags(parsed.BIO_label)
            guard tags.count == text.count else {
                throw .invalidRecord(id: "line \(number + 1)", reason: "\(tags.count) tags for \(text.count) characters")
            }
            sentences.append((text, tags))
        }
        return sentences
    }
}
