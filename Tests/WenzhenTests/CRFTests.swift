import Foundation
import Testing
import WenzhenCore
@testable import WenzhenStages

@Suite("Character CRF")
struct CRFTests {
    /// A small corpus: symptoms and drugs in varied contexts.
    static var corpus: [CRFTrainer.Sentence] {
        let symptoms = ["咳嗽", "发烧", "腹泻", "呕吐", "流鼻涕"]
        let drugs = ["美林", "布洛芬", "蒙脱石散"]
        let frames = [("宝宝", "三天了"), ("孩子一直", "怎么办"), ("昨天开始", ""), ("有点", "吗")]
        var sentences: [CRFTrainer.Sentence] = []
        for (i, symptom) in symptoms.enumerated() {
            for (j, frame) in frames.enumerated() {
                let drug = drugs[(i + j) % drugs.count]
                let text = frame.0 + symptom + frame.1 + "，吃了" + drug
                var tags = Array(repeating: "O", count: text.unicodeScalars.count)
                let s = frame.0.unicodeScalars.count
                tags[s] = "B-Symptom"
                for k in (s + 1)..<(s + symptom.unicodeScalars.count) { tags[k] = "I-Symptom" }
                let d = text.unicodeScalars.count - drug.unicodeScalars.count
                tags[d] = "B-Drug"
                for k in (d + 1)..<text.unicodeScalars.count { tags[k] = "I-Drug" }
                sentences.append(CRFTrainer.Sentence(characters: Array(text.unicodeScalars), tags: tags))
            }
        }
        return sentences
    }

    static func train(seed: UInt64 = 7) -> CRFModel {
        var options = CRFTrainer.Options()
        options.hashBits = 14
        options.epochs = 8
        options.validationShare = 0.1
        options.seed = seed
        return CRFTrainer(options: options).train(corpus, lexicon: nil) { _ in }
    }

    @Test("training learns entities in new contexts and is deterministic for a seed")
    func learnsAndIsDeterministic() {
        let model = Self.train()
        let tags = model.tags("妈妈说宝宝发烧，吃了布洛芬")
        #expect(BIO.entities(tags) == [Entity(type: .symptom, start: 5, end: 7), Entity(type: .drug, start: 10, end: 13)])
        let again = Self.train()
        #expect(again.emission == model.emission)
        #expect(again.transitions == model.transitions)
        #expect(Self.train(seed: 8).emission != model.emission)
    }

    @Test("Viterbi emits well-formed BIO whatever the weights")
    func wellFormed() {
        var model = CRFModel(features: CharacterFeatures(hashBits: 8, lexicon: nil))
        var generator = SeededGenerator(seed: 3)
        for k in model.emission.indices { model.emission[k] = Float.random(in: -5...5, using: &generator) }
        for k in model.transitions.indices where model.transitions[k].isFinite { model.transitions[k] = Float.random(in: -5...5, using: &generator) }
        let alphabet = Array("咳嗽发烧了吗，美林38.5度".unicodeScalars)
        for _ in 0..<200 {
            let text = String(String.UnicodeScalarView((0..<Int.random(in: 1...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
            var previous: Int?
            for tag in model.tags(text) {
                let label = NERLabels.index(of: tag)
                #expect(NERLabels.allowed(from: previous, to: label), "\(tag) after \(previous.map { NERLabels.names[$0] } ?? "start")")
                previous = label
            }
        }
    }

    @Test("a model file round-trips; corrupt, truncated, foreign and other-version files are clear errors")
    func modelFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var lexicon = EntityLexicon()
        lexicon.insert("美林", type: .drug)
        var options = CRFTrainer.Options()
        options.hashBits = 12
        options.epochs = 3
        let model = CRFTrainer(options: options).train(Self.corpus, lexicon: lexicon) { _ in }
        let url = directory.appendingPathComponent("m.model")
        try CRFModelFile.write(model, notes: ["seed": "42"], to: url)
        let loaded = try CRFModelFile.read(contentsOf: url)
        #expect(loaded.features.lexicon?.entries.map(\.surface) == ["美林"])
        #expect(try CRFModelFile.notes(contentsOf: url) == ["seed": "42"])
        for text in ["宝宝咳嗽三天了，吃了美林", "有点腹泻吗"] { #expect(loaded.tags(text) == model.tags(text)) }

        let bytes = try Data(contentsOf: url)
        func expectError(_ data: Data, _ message: String) throws {
            let broken = directory.appendingPathComponent("broken.model")
            try data.write(to: broken)
            #expect { _ = try CRFModelFile.read(contentsOf: broken) } throws: { "\($0)".contains(message) }
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0xFF
        try expectError(flipped, "checksum mismatch")
        try expectError(bytes.prefix(bytes.count - 100), "checksum mismatch")
        var otherVersion = bytes
        otherVersion[16] = 9
        try expectError(otherVersion, "model format version 9")
        var otherKind = bytes
        otherKind[8] = UInt8(ascii: "x")
        try expectError(otherKind, "holds a 'xer-crf' model, not a 'ner-crf' model")
        try expectError(Data("hello, not a model at all, really not".utf8), "not a Wenzhen model file")
        #expect { _ = try CRFModelFile.read(contentsOf: directory.appendingPathComponent("none.model")) } throws: { "\($0)".contains("missing resource") }
    }

    @Test("the bundled model is the default NER stage and tags the five types")
    func bundled() throws {
        let stage = try StageRegistry.standard.makeStage(.ner, implementation: "crf", resources: StageResources.bundled())
        var dialogue = Dialogue(id: "b", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "孩子发烧咳嗽三天，吃了美林和抗生素，查了血常规，需要做雾化吗")])
        try stage.process(&dialogue)
        let turn = dialogue.turns[0]
        let found = Set(turn.entities.map { "\($0.type.rawValue):\($0.text(in: turn.characters))" })
        #expect(found.isSuperset(of: ["Symptom:发烧", "Symptom:咳嗽", "Drug:美林", "Drug_Category:抗生素", "Medical_Examination:血常规", "Operation:雾化"]))
    }
}

@Suite("Model files")
struct HalfPrecisionTests {
    @Test("every half-precision bit pattern converts exactly as the library converts it")
    func halfToFloat() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let converted = ModelContainer.float(half: bits)
            #expect(expected.isNaN ? converted.isNaN : converted.bitPattern == expected.bitPattern, "\(bits)")
        }
    }
}
