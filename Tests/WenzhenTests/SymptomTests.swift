import Foundation
import Testing
import WenzhenCore
@testable import WenzhenStages

@Suite("Learned symptoms and polarity")
struct SymptomTests {
    let resources: StageResources
    init() throws { resources = try StageResources.bundled() }

    @Test("the learned normalizer: majority alias, kept non-terms, fillers, inflammations, resemblance, temperatures")
    func normalizer() throws {
        let normalizer = LearnedNormalizer(base: try resources.symptomNormalizer(), pairs: [
            ("流清鼻涕", "鼻流涕"), ("流清鼻涕", "鼻流涕"), ("流清鼻涕", "鼻塞"), ("不舒服", ""), ("晚上咳得厉害", "咳嗽"), ("8.9度", "中等度热"),
        ])
        let choice = normalizer.choose("流清鼻涕")
        #expect(choice.term == "鼻流涕" && abs(choice.score - 2.0 / 3) < 1e-9 && choice.runnerUp?.term == "鼻塞")
        #expect(normalizer.normalize("不舒服") == "", "the annotators found no term for it")
        #expect(normalizer.normalize("母乳性的黄疸") == "母乳性黄疸")
        #expect(normalizer.normalize("夜里咳得厉害") == "咳嗽", "an unseen form resembling a seen one")
        #expect(normalizer.normalize("39度以上") == "高热")
        #expect(normalizer.normalize("38.5以下") == "发热")
        #expect(normalizer.normalize("骨折") == "")
        #expect(normalizer.normalize("牙疼") == "牙痛", "a colloquial spelling of a lexicon term")
        #expect(normalizer.normalize("脐周疼") == "脐周疼痛", "an unseen form resembling a lexicon term")
        #expect(normalizer.normalize("一天拉8.9次") == "", "a number alone makes no resemblance")
        #expect(normalizer.normalize("肺里有炎症") == "肺炎", "an organ's inflammation is its -itis")
        #expect(normalizer.normalize("上呼吸道轻微炎症") == "上呼吸道感染", "… or, when the lexicon has no -itis for the site, its infection")
        #expect(normalizer.normalize("病毒性炎症") == "病毒感染")
        let guess = normalizer.choose("流鼻子")
        #expect(guess.term == "鼻流涕" && !guess.isConfident, "a weak resemblance is a best guess")
        #expect(normalizer.confidentTerm("流鼻子") == "" && normalizer.confidentTerm("夜里咳得厉害") == "咳嗽")
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(LearnedNormalizer.fileName)
        try normalizer.write(to: url)
        #expect(try LearnedNormalizer(base: resources.symptomNormalizer(), contentsOf: url).aliases == normalizer.aliases)
    }

    @Test("the status and polarity features read a term as a disease by the lexicon's endings alone: the report's own rules do not change what the shipped models were trained on")
    func diseaseReading() {
        #expect(SymptomNormalizer.isDisease("支气管炎") && SymptomNormalizer.isDisease("消化不良"))
        #expect(!SymptomNormalizer.isDisease("咳嗽"))
        #expect(!SymptomNormalizer.isDisease("过敏性咳嗽"), "a disease to the report only")
        #expect(TemplateReport.Facts.isDisease("过敏性咳嗽"))
    }

    @Test("the bundled normalizer maps colloquial forms")
    func bundledNormalizer() throws {
        let normalizer = try resources.learnedNormalizer()
        #expect(normalizer.normalize("流清鼻涕") == "鼻流涕")
        #expect(normalizer.normalize("拉肚子") == "腹泻")
        #expect(normalizer.normalize("发烧") == "发热")
    }

    /// The example consultations through the default stages up to `kind`.
    func processed(through kinds: [StageKind], implementations: [StageKind: String]) throws -> [Dialogue] {
        let stages = try kinds.map { try StageRegistry.standard.makeStage($0, implementation: implementations[$0]!, resources: resources) }
        return try TestSupport.exampleDialoguesDecoded().map { dialogue in
            var dialogue = dialogue
            for stage in stages { try stage.process(&dialogue) }
            return dialogue
        }
    }

    static let learned: [StageKind: String] = [.ner: "crf", .dac: "linear", .symptoms: "learned", .polarity: "learned"]

    @Test("learned status: one status per term for the dialogue, a denied symptom is 0, a confirmed one 1")
    func status() throws {
        for dialogue in try processed(through: [.ner, .dac, .symptoms], implementations: Self.learned) {
            var seen: [String: SymptomStatus] = [:]
            for turn in dialogue.turns {
                let mentions = turn.entities.filter { $0.type == .symptom }.count
                #expect(turn.symptomNorm?.count == mentions && turn.symptomType?.count == mentions)
                for (norm, type) in zip(turn.symptomNorm ?? [], turn.symptomType ?? []) where !norm.isEmpty {
                    #expect(seen[norm] == nil || seen[norm] == type, "\(norm) keeps one status in \(dialogue.id)")
                    seen[norm] = type
                }
            }
            #expect(dialogue.implicitSymptoms == seen)
        }
        let cough = try processed(through: [.ner, .dac, .symptoms], implementations: Self.learned)[2]
        #expect(cough.implicitSymptoms?["发热"] == .absent, "不发烧")
        #expect(cough.implicitSymptoms?["咳嗽"] == .present)
    }

    @Test("learned polarity: a finding per Symptom mention at its span, denied mentions 阴性")
    func polarity() throws {
        let dialogues = try processed(through: [.ner, .dac, .symptoms, .polarity], implementations: Self.learned)
        for dialogue in dialogues {
            for turn in dialogue.turns {
                let spans = turn.entities.filter { $0.type == .symptom }.map { [$0.start, $0.end] }
                #expect(turn.findings?.map(\.range) == spans)
            }
        }
        let denied = dialogues[2].turns[1]  // 不发烧
        #expect(denied.findings?.first?.attr == .negative)
    }
}
