import Foundation
import Testing
@testable import WenzhenCore

@Suite("Data formats")
struct FormatTests {
    @Test("BIO decoding follows the CBLUE scorer: I- without an open entity is ignored, I-* extends")
    func bioDecoding() {
        let tags = ["I-Drug", "B-Symptom", "I-Symptom", "O", "B-Drug", "I-Symptom", "B-Operation", "I-Unknown", "B-Unknown", "I-Drug", "B-Drug_Category"]
        #expect(BIO.entities(tags) == [
            Entity(type: .symptom, start: 1, end: 3), Entity(type: .drug, start: 4, end: 6), Entity(type: .operation, start: 6, end: 8),
            Entity(type: .drugCategory, start: 10, end: 11),
        ])
        #expect(BIO.tags("B-Medical_Examination I-Medical_Examination O I-x") == ["B-Medical_Examination", "I-Medical_Examination", "O", "I-x"])
        let entities = [Entity(type: .symptom, start: 0, end: 2), Entity(type: .drug, start: 3, end: 4)]
        #expect(BIO.entities(BIO.tags(for: entities, count: 5)) == entities)
    }

    @Test("a dataset file keeps its order and round-trips through the results schema")
    func datasetRoundTrip() throws {
        let entries = try DialogueFile.read(contentsOf: TestSupport.labelledFixture)
        #expect(entries.map(\.id) == ["example-fever", "example-diarrhea", "example-cough"])
        var dialogues = try entries.map { try $0.dialogue.get() }
        #expect(dialogues[0].turns[1].entities == [Entity(type: .symptom, start: 3, end: 7)])
        #expect(dialogues[0].referenceReports.count == 1)
        dialogues[0].report = Report(chiefComplaint: "发热2天。", diagnosis: "上呼吸道感染。")
        dialogues[0].implicitSymptoms = ["发热": .present]
        dialogues[0].turns[1].findings = [Finding(mention: "38.5", start: 3, end: 7, norm: "中等度热", attr: .positive)]
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for format in DialogueFileFormat.allCases {
            let url = directory.appendingPathComponent("out.\(format == .jsonLines ? "jsonl" : "json")")
            try DialogueFile.write(dialogues, to: url, format: format)
            let back = try DialogueFile.read(contentsOf: url).map { try $0.dialogue.get() }
            #expect(back.map(\.id) == dialogues.map(\.id))
            #expect(back[0].report == dialogues[0].report)
            #expect(back[0].referenceReports.isEmpty, "a predicted report replaces the references in the results document")
            #expect(back[1] == dialogues[1])
            #expect(back[0].turns == dialogues[0].turns)
            #expect(back[0].implicitSymptoms == ["发热": .present])
        }
    }

    @Test("the results document uses the dataset's field names")
    func resultsContract() throws {
        var dialogue = Dialogue(id: "x", selfReport: "发烧", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "发烧")])
        dialogue.turns[0].bioLabel = ["B-Symptom", "I-Symptom"]
        dialogue.turns[0].dialogueAct = .informSymptom
        dialogue.turns[0].symptomNorm = ["发热"]
        dialogue.turns[0].symptomType = [.present]
        dialogue.turns[0].findings = [Finding(mention: "发烧", start: 0, end: 2, norm: "发热", attr: .positive)]
        dialogue.implicitSymptoms = ["发热": .present]
        dialogue.report = Report(chiefComplaint: "发热。")
        let object = try JSONSerialization.jsonObject(with: DialogueFile.encodeRecord(dialogue, includeID: true)) as! [String: Any]
        #expect(object["id"] as? String == "x")
        let turn = (object["dialogue"] as! [[String: Any]])[0]
        #expect(turn["BIO_label"] as? String == "B-Symptom I-Symptom")
        #expect(turn["dialogue_act"] as? String == "Inform-Symptom")
        #expect(turn["symptom_norm"] as? [String] == ["发热"])
        #expect(turn["symptom_type"] as? [String] == ["1"])
        let finding = (turn["findings"] as! [[String: Any]])[0]
        #expect(finding["range"] as? [Int] == [0, 2])
        #expect(finding["attr"] as? String == "阳性")
        #expect((object["implicit_info"] as? [String: Any])?["Symptom"] as? [String: String] == ["发热": "1"])
        #expect(Set((object["report"] as! [String: String]).keys) == Set(Report.fieldNames))
    }

    @Test("bad archives get a clear error: invalid UTF-8, malformed JSON, wrong schema, duplicate ids")
    func badArchives() throws {
        #expect(throws: DialogueFileError.invalidUTF8(offset: 3)) {
            try DialogueFile.read(Data([0x7B, 0x22, 0x61, 0xFF, 0x22]), format: .dataset)
        }
        #expect(throws: DialogueFileError.self) { try DialogueFile.read(Data("{\"a\": {".utf8), format: .dataset) }
        #expect(throws: DialogueFileError.self) { try DialogueFile.read(Data("[1, 2]".utf8), format: .dataset) }
        let dup = #"{"id":"a","dialogue":[]}"# + "\n" + #"{"id":"a","dialogue":[]}"#
        #expect(throws: DialogueFileError.duplicateID("a")) { try DialogueFile.read(Data(dup.utf8), format: .jsonLines) }

        let wrong = #"{"a": {"dialogue": [{"sentence_id": "1", "speaker": "护士", "sentence": "你好"}]}, "b": {"dialogue": [{"sentence_id": "1", "speaker": "医生", "sentence": "你好", "BIO_label": "O"}]}, "c": {"dialogue": 3}}"#
        let entries = try DialogueFile.read(Data(wrong.utf8), format: .dataset)
        #expect(entries.count == 3)
        for entry in entries {
            guard case let .failure(.invalidRecord(id, reason)) = entry.dialogue else {
                Issue.record("record \(entry.id) should be invalid")
                continue
            }
            #expect(id == entry.id)
            #expect(!reason.isEmpty)
        }
        guard case let .failure(.invalidRecord(_, reason)) = entries[1].dialogue else { return }
        #expect(reason.contains("1 tags for the 2 characters"))
    }

    @Test("CHIP-MDCFNPC lines become dialogues with expert findings")
    func mdcfnpc() throws {
        let line = #"{"dialog_id": 7, "dialog_info": [{"text": "没有发烧", "sentence_id": "1", "sender": "患者", "ner": [{"name": "发热", "mention": "发烧", "range": [2, 4], "type": "clinical_findings", "attr": "阴性"}]}]}"#
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("m.jsonl")
        try Data(line.utf8).write(to: url)
        let dialogues = try MDCFNPCFile.read(contentsOf: url)
        #expect(dialogues.first?.id == "7")
        #expect(dialogues.first?.turns.first?.findings == [Finding(mention: "发烧", start: 2, end: 4, norm: "发热", attr: .negative)])
        try Data(line.replacingOccurrences(of: "[2, 4]", with: "[2, 9]").utf8).write(to: url)
        #expect(throws: DialogueFileError.self) { try MDCFNPCFile.read(contentsOf: url) }
    }
}

@Suite("Substring search")
struct SubstringSearchTests {
    @Test("hasSubstring finds what Foundation's contains finds, on Chinese, mixed and edge cases")
    func agreesWithFoundation() {
        let texts = ["没有发烧", "宝宝咳嗽三天了？", "体温38.5度", "", "a", "不不不", "发烧以上"]
        let needles = ["没有", "？", "?", "38.5", "", "a", "不不", "以上", "发烧以上了", "度"]
        for text in texts {
            for needle in needles {
                #expect(text.hasSubstring(needle) == (needle.isEmpty || text.contains(needle)), "\(text) / \(needle)")
            }
        }
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("escapes what JSON needs escaped and nothing else; commas land between values only")
    func escapingAndStructure() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("text", "引号\"、反斜杠\\、换行\n、制表\t、\u{01}控制、emoji 😀、/斜杠")
        writer.key("numbers")
        writer.beginArray()
        for value in [3, -1, 0] { writer.int(value) }
        writer.endArray()
        writer.key("empty")
        writer.beginObject()
        writer.endObject()
        writer.member("list", ["a", "b"])
        writer.endObject()
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text == #"{"text":"引号\"、反斜杠\\、换行\n、制表\t、\u0001控制、emoji 😀、/斜杠","numbers":[3,-1,0],"empty":{},"list":["a","b"]}"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect(parsed["text"] as? String == "引号\"、反斜杠\\、换行\n、制表\t、\u{01}控制、emoji 😀、/斜杠")
    }

    @Test("a results document written by it reads back equal, with every annotation")
    func recordRoundTrip() throws {
        var dialogue = try TestSupport.exampleDialoguesDecoded()[0]
        dialogue.turns[0].dialogueAct = .requestSymptom
        dialogue.turns[0].findings = [Finding(mention: "发烧", start: 0, end: 2, norm: "发热", attr: .positive)]
        dialogue.turns[0].symptomNorm = ["发热"]
        dialogue.turns[0].symptomType = [.present]
        dialogue.implicitSymptoms = ["发热": .present, "咳嗽": .absent]
        dialogue.report = Report(chiefComplaint: "发热2天。", presentIllness: "患儿2天前出现发热。")
        dialogue.reportEvidence = ["主诉": ["self_report", "1"]]
        for includeID in [true, false] {
            let data = DialogueFile.encodeRecord(dialogue, includeID: includeID)
            #expect(try DialogueFile.decodeRecord(data, id: includeID ? nil : dialogue.id).get() == dialogue)
        }
    }
}

@Suite("JSON reader")
struct JSONReaderTests {
    @Test("nulls stand for absent values, numbers may be sentence ids, unknown members of any kind are skipped")
    func lenientWhereTheDatasetIs() throws {
        let record = #"""
            {"id": "x", "self_report": null, "extra": {"a": [1, -2.5e3, true, false, null, "s\u00e9\"", {}]},
             "dialogue": [{"sentence_id": 7, "speaker": "医生", "sentence": "你好\n", "BIO_label": null, "dialogue_act": null}],
             "implicit_info": {"Symptom": null}, "report": {"主诉": null, "诊断": "感冒"}, "report_evidence": null}
            """#
        let dialogue = try DialogueFile.decodeRecord(Data(record.utf8), id: nil).get()
        #expect(dialogue.id == "x" && dialogue.selfReport.isEmpty)
        #expect(dialogue.turns == [Turn(sentenceID: "7", speaker: .doctor, sentence: "你好\n")])
        #expect(dialogue.implicitSymptoms == nil)
        #expect(dialogue.report == Report(diagnosis: "感冒"))
    }

    @Test("escaped member names and values mean what they stand for")
    func escapedNames() throws {
        let record = #"{"id": "x", "dialogue": [{"sentence_id": "1", "speaker": "医生", "sentence": "a", "dialogue_act": "Other"}]}"#
        let dialogue = try DialogueFile.decodeRecord(Data(record.utf8), id: nil).get()
        #expect(dialogue.turns == [Turn(sentenceID: "1", speaker: .doctor, sentence: "a", dialogueAct: .other)])
    }

    @Test("errors name the value at fault", arguments: [
        (#"{"id": "x", "dialogue": [{"speaker": "医生", "sentence": "a"}]}"#, "dialogue.[0]: missing field sentence_id"),
        (#"{"id": "x", "dialogue": [{"sentence_id": "1", "speaker": "护士", "sentence": "a"}]}"#, "dialogue.[0].speaker: cannot initialize Speaker"),
        (#"{"id": "x", "dialogue": [{"sentence_id": "1", "speaker": "医生", "sentence": "ab", "BIO_label": "O"}]}"#, "BIO_label has 1 tags for the 2 characters"),
        (#"{"id": "x", "self_report": "发烧", "self_report_BIO_label": "B-Symptom I-Symptom I-Symptom", "dialogue": []}"#,
         "self_report_BIO_label has 3 tags for the 2 characters of the self-report"),
        (#"{"id": "x", "dialogue": [{"sentence_id": "1", "speaker": "医生", "sentence": "ab", "findings": [{"mention": "b", "range": [1, 5], "norm": "", "attr": "阳性"}]}]}"#,
         "finding b at [1, 5] lies outside the 2 characters of sentence 1"),
        (#"{"id": "x", "dialogue": {}}"#, "dialogue: expected an array"),
        (#"{"dialogue": []}"#, "record: missing field id"),
        (#"{"id": "x", "dialogue": []} trailing"#, "unexpected text after the value"),
        (#"{"id": "x", "dialogue": [], "self_report": "\ud800"}"#, "unpaired surrogate"),
    ])
    func failures(_ json: String, _ expected: String) {
        guard case let .failure(error) = DialogueFile.decodeRecord(Data(json.utf8), id: nil) else {
            Issue.record("\(json) decoded")
            return
        }
        #expect("\(error)".contains(expected), "\(error)")
    }
}

@Suite("Annotation changes between revisions")
struct AnnotationChangeTests {
    @Test("a revised act, a new sentence, a status that changes, a finding that is gone and a new dialogue status")
    func changesBetweenRevisions() throws {
        let cough = Finding(mention: "咳嗽", start: 2, end: 4, norm: "咳嗽", attr: .other)
        let before = Dialogue(
            id: "d", turns: [Turn(sentenceID: "1", speaker: .doctor, sentence: "宝宝咳嗽吗？", dialogueAct: .other, symptomNorm: ["咳嗽"], symptomType: [.undetermined], findings: [cough])],
            implicitSymptoms: ["咳嗽": .undetermined])
        var after = before
        after.turns[0].dialogueAct = .requestSymptom
        after.turns[0].symptomType = [.present]
        after.turns[0].findings = [Finding(mention: "咳嗽", start: 2, end: 4, norm: "咳嗽", attr: .positive)]
        after.turns.append(Turn(sentenceID: "2", speaker: .patient, sentence: "咳，不发烧", dialogueAct: .informSymptom, symptomNorm: ["咳嗽", "发热"], symptomType: [.present, .absent]))
        after.implicitSymptoms = ["咳嗽": .present, "发热": .absent]
        let changes = after.annotationChanges(since: before, revision: 3)
        let expected: [AnnotationChange] = [
            .init(revision: 3, kind: .act, sentenceID: "1", subject: "", previous: "Other", value: "Request-Symptom"),
            .init(revision: 3, kind: .sentenceStatus, sentenceID: "1", subject: "咳嗽", previous: "2", value: "1"),
            .init(revision: 3, kind: .polarity, sentenceID: "1", subject: "2-4 咳嗽", previous: "其他", value: "阳性"),
            .init(revision: 3, kind: .act, sentenceID: "2", subject: "", previous: nil, value: "Inform-Symptom"),
            .init(revision: 3, kind: .sentenceStatus, sentenceID: "2", subject: "发热", previous: nil, value: "0"),
            .init(revision: 3, kind: .sentenceStatus, sentenceID: "2", subject: "咳嗽", previous: nil, value: "1"),
            .init(revision: 3, kind: .dialogueStatus, sentenceID: nil, subject: "发热", previous: nil, value: "0"),
            .init(revision: 3, kind: .dialogueStatus, sentenceID: nil, subject: "咳嗽", previous: "2", value: "1"),
        ]
        #expect(changes == expected)
        #expect(after.annotationChanges(since: after, revision: 4).isEmpty, "an unchanged revision changes nothing")
        #expect(try JSONDecoder().decode([AnnotationChange].self, from: Data(AnnotationChange.json(changes))) == changes, "the published form reads back")
        #expect(AnnotationChange.json([]) == Array("[]".utf8))
        let written = try JSONSerialization.jsonObject(with: Data(AnnotationChange.json(changes))) as! [[String: Any]]
        #expect(written[3]["previous"] is NSNull && written[6]["sentence_id"] is NSNull, "a missing value is written as null, as the README says")
        #expect(before.annotationChanges(since: nil, revision: 1).count == 4, "a first revision sets every annotation")
    }

    @Test("read from the encoded documents, decoding only the sentences whose JSON differs: the same changes")
    func changesBetweenEncodedRevisions() throws {
        let fever = Turn(sentenceID: "1", speaker: .patient, sentence: "发烧三天了", dialogueAct: .informSymptom, symptomNorm: ["发热"], symptomType: [.present])
        let question = Turn(sentenceID: "2", speaker: .doctor, sentence: "咳嗽吗？", dialogueAct: .requestSymptom, symptomNorm: ["咳嗽"], symptomType: [.undetermined])
        let before = Dialogue(id: "d", turns: [fever, question], implicitSymptoms: ["发热": .present, "咳嗽": .undetermined])
        var after = before
        after.turns[1].symptomType = [.absent]
        after.turns.append(Turn(sentenceID: "3", speaker: .patient, sentence: "不咳", dialogueAct: .informSymptom, symptomNorm: ["咳嗽"], symptomType: [.absent]))
        after.implicitSymptoms = ["发热": .present, "咳嗽": .absent]
        func encoded(_ dialogue: Dialogue) -> [UInt8] { DialogueRecord(dialogue).json(includeID: true) }
        let expected = after.annotationChanges(since: before, revision: 2)
        #expect(expected.count == 4)
        #expect(try AnnotationChange.between(previous: encoded(before), current: encoded(after), revision: 2) == expected)
        #expect(try AnnotationChange.between(previous: nil, current: encoded(after), revision: 1) == after.annotationChanges(since: nil, revision: 1))
        #expect(try AnnotationChange.between(previous: encoded(after), current: encoded(after), revision: 3).isEmpty)
        // A revision that drops a sentence (not a live dialogue's way, but a document may) reports nothing for it, as before.
        #expect(try AnnotationChange.between(previous: encoded(after), current: encoded(before), revision: 3) == before.annotationChanges(since: after, revision: 3))
    }
}
