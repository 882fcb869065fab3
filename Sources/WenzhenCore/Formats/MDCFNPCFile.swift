import Foundation

/// Reads CHIP-MDCFNPC JSON Lines (`dialog_id`, `dialog_info[{text, sender, sentence_id, ner[…]}]`) as dialogues
/// whose turns carry the expert findings.
public enum MDCFNPCFile {
    struct Record: Decodable {
        struct Sentence: Decodable {
            var text: String
            var sender: Speaker
            var sentence_id: String?
            var ner: [Mention]
        }
        struct Mention: Decodable {
            var mention: String
            var name: String?
            var range: [Int]
            var attr: Polarity
        }
        var dialog_id: FlexibleID
        var dialog_info: [Sentence]
    }

    /// An id written as a JSON number or string.
    struct FlexibleID: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            text = try (try? c.decode(String.self)) ?? String(c.decode(Int.self))
        }
    }

    /// Reads every dialogue of a CHIP-MDCFNPC file; `name` "undefined" becomes an empty norm.
    public static func read(contentsOf url: URL) throws(DialogueFileError) -> [Dialogue] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        if let offset = UTF8Validation.firstInvalidByte(in: data) { throw .invalidUTF8(offset: offset) }
        var dialogues: [Dialogue] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            let record: Record
            do { record = try JSONDecoder().decode(Record.self, from: Data(line)) } catch {
                throw .invalidRecord(id: "line \(number + 1)", reason: DecodingErrorDescription.describe(error))
            }
            let turns = record.dialog_info.enumerated().map { index, sentence in
                Turn(
                    sentenceID: sentence.sentence_id ?? String(index + 1), speaker: sentence.sender,
                    sentence: sentence.text,
                    findings: sentence.ner.map {
                        Finding(
                            mention: $0.mention, start: $0.range.first ?? 0, end: $0.range.last ?? 0,
                            norm: $0.name == "undefined" ? "" : ($0.name ?? ""), attr: $0.attr)
                    })
            }
            for turn in turns {
                let length = turn.sentence.unicodeScalars.count
                if let outside = turn.findings?.first(where: { !$0.lies(within: length) }) {
                    throw .invalidRecord(id: "line \(number + 1)", reason: "finding \(outside.mention) at \(outside.range) lies outside its \(length)-character sentence")
                }
            }
            dialogues.append(Dialogue(id: record.dialog_id.text, turns: turns))
        }
        return dialogues
    }
}
