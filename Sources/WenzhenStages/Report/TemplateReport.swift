import WenzhenCore

/// Baseline report: fills the six fields from the earlier stages' entities, acts and statuses with short
/// clause templates in the style of the IMCS-V2 reference reports (a fever grade is written 发热, with the
/// highest temperature), and records for each field the sentences
/// its facts come from (`self_report` for the self-report). Every term in the report is a mention of the
/// dialogue, its lexicon term or, for an exam, its standard name (`ExamNames`).
public struct TemplateReport: Stage {
    let normalize: @Sendable (String) -> String

    /// `normalize` gives a mention's lexicon term, "" when none fits.
    public init(normalize: @escaping @Sendable (String) -> String) { self.normalize = normalize }

    public func process(_ dialogue: inout Dialogue) throws {
        let facts = Facts(dialogue, normalize: normalize)
        let duration = facts.duration?.value ?? ""
        // 主诉 names the main complaint, as most reference reports do (509 of 600): the symptom the course's length
        // is said of, else the first symptom the patient has.
        let chief = facts.present.first { $0.value == facts.durationSymptom } ?? facts.present.first ?? facts.diagnoses.first
        let diagnosis = facts.diagnoses.first ?? facts.present.first
        let complaint = chief?.value ?? "不适"
        let course = Array(facts.present.prefix(4))
        var history = "患儿\(duration.isEmpty ? "" : duration + "前")出现\(course.isEmpty ? complaint : course.map(\.value).joined(separator: "、"))"
        if let fever = facts.highestTemperature { history += "，最高\(fever.value)℃" }
        if !facts.absent.isEmpty { history += "，无\(facts.absent.prefix(3).map(\.value).joined(separator: "、"))" }
        history += "。"
        if !facts.drugsUsed.isEmpty { history += "已\(Self.drugClause(facts.drugsUsed.prefix(3), byMouth: "服用"))。" }
        if !facts.treatments.isEmpty { history += "已行\(facts.treatments.prefix(2).map(\.value).joined(separator: "、"))治疗。" }
        var advice: [String] = []
        let drugsAdvised = Array((facts.drugsAdvised + facts.drugClassesAdvised).prefix(3))
        if !drugsAdvised.isEmpty { advice.append(Self.drugClause(drugsAdvised, byMouth: "口服")) }
        if !facts.examsAdvised.isEmpty { advice.append("完善\(facts.examsAdvised.prefix(2).map(\.value).joined(separator: "、"))检查") }
        if !facts.care.isEmpty {
            advice.append(facts.care.prefix(3).map(\.value).joined(separator: "，"))
        } else if !facts.precautions.isEmpty {
            advice.append("注意观察")
        }
        dialogue.report = Report(
            chiefComplaint: "\(complaint)\(duration)。",
            presentIllness: history,
            auxiliaryExamination: facts.examsDone.isEmpty
                ? "暂缺。" : facts.examsDone.prefix(3).map { $0.value + (facts.examResults[$0.value] ?? "") }.joined(separator: "、") + "。",
            pastHistory: facts.history.isEmpty ? "不详。" : facts.history.prefix(2).map(\.value).joined(separator: "、") + "。",
            diagnosis: (diagnosis?.value ?? "暂缺") + "。",
            suggestion: advice.isEmpty ? "观察病情变化，必要时及时就医。" : advice.joined(separator: "，") + "。"
        )
        func sources(_ facts: [Fact]) -> [String] {
            var ids: [String] = []
            for id in facts.flatMap(\.sources) where !ids.contains(id) { ids.append(id) }
            return ids
        }
        let timing = [facts.duration, facts.highestTemperature].compactMap { $0 }
        dialogue.reportEvidence = [
            "主诉": sources([chief, facts.duration].compactMap { $0 }),
            "现病史": sources(course + timing + facts.absent.prefix(3) + facts.drugsUsed.prefix(3) + facts.treatments.prefix(2)),
            "辅助检查": sources(Array(facts.examsDone.prefix(3))),
            "既往史": sources(Array(facts.history.prefix(2))),
            "诊断": sources([diagnosis].compactMap { $0 }),
            "建议": sources(drugsAdvised + facts.examsAdvised.prefix(2) + (facts.care.isEmpty ? facts.precautions.prefix(1) : facts.care.prefix(3))),
        ]
    }

    /// The drugs taken by mouth after `byMouth` (服用, 口服), then the others after 使用 (使用开塞露).
    static func drugClause(_ drugs: some Collection<Fact>, byMouth: String) -> String {
        let oral = drugs.filter { DrugRoutes.isTakenByMouth($0.value) }, other = drugs.filter { !DrugRoutes.isTakenByMouth($0.value) }
        return [(byMouth, oral), ("使用", other)]
            .filter { !$0.1.isEmpty }
            .map { verb, drugs in verb + drugs.map(\.value).joined(separator: "、") }
            .joined(separator: "，")
    }

    /// The exams and drugs a doctor's question asks whether the patient has had (做过血常规吗, 吃过美林吗).
    struct TreatmentQuestion {
        var exams: [String]
        var drugs: [String]
        var source: String

        init(entities: [Entity], characters: [Unicode.Scalar], source: String) {
            exams = entities.filter { $0.type == .medicalExamination }.map { ExamNames.standard($0.text(in: characters)) }
            drugs = entities.filter { $0.type == .drug }.map { $0.text(in: characters) }
            self.source = source
        }

        /// Replies that say it was done (是的, 查了, 吃过), when no negation follows close behind (嗯，没做).
        static let confirmations: CueList = [
            "是", "对", "嗯", "有", "查了", "查过", "做了", "做过", "验了", "验过", "拍了", "拍过", "化验了", "化验过", "检查了", "检查过",
            "吃了", "吃过", "用了", "用过", "喝了", "喝过",
        ]

        static func confirms(_ reply: String) -> Bool {
            confirmations.begins(reply) && !ContextCues.negations.occurs(in: String(reply.unicodeScalars.prefix(6)))
        }
    }

    /// A value of the report and the sentences it comes from.
    struct Fact {
        var value: String
        var sources: [String]
    }

    /// What the earlier stages established about one dialogue, in order of first mention.
    struct Facts {
        var present: [Fact] = []
        var absent: [Fact] = []
        var diagnoses: [Fact] = []
        var drugsUsed: [Fact] = []
        /// Treatments the patient reports, under their standard names (输液, 雾化 …).
        var treatments: [Fact] = []
        var drugsAdvised: [Fact] = []
        /// Kinds of drug the doctor advises (益生菌, 止咳药), after the named drugs.
        var drugClassesAdvised: [Fact] = []
        var examsDone: [Fact] = []
        /// The result the patient gives for an exam done (正常, 偏高 …), by its name in `examsDone`.
        var examResults: [String: String] = [:]
        var examsAdvised: [Fact] = []
        /// Illnesses the patient had before this one (去年得过肺炎, 以前有过高热惊厥, 有哮喘病史) and allergies.
        var history: [Fact] = []
        var precautions: [Fact] = []
        /// The care the doctor names in advice sentences (多喝水, 物理降温 …).
        var care: [Fact] = []
        var duration: Fact?
        /// The symptom the self-report names right before the duration (咳嗽 in 很多痰咳嗽半年了).
        var durationSymptom: String?
        var highestTemperature: Fact?

        static let selfReport = "self_report"
        /// Care the doctor may name in advice, as written.
        static let carePhrases = [
            "多喝水", "多饮水", "清淡饮食", "注意保暖", "物理降温", "注意休息", "拍背", "按摩腹部", "揉肚子", "避免受凉", "别着凉", "监测体温",
            "温水擦浴", "雾化", "补液", "晒太阳",
        ]
        /// Whether the report takes a term for a disease, which a diagnosis may name: a disease of the lexicon, or
        /// an allergic one (过敏性咳嗽).
        static func isDisease(_ term: String) -> Bool { SymptomNormalizer.isDisease(term) || term.hasPrefix("过敏性") }

        /// Whether a symptom term is a complaint of the present illness: not a disease, nor an allergy (过敏,
        /// 过敏体质), which is history.
        static func isComplaint(_ term: String) -> Bool { !isDisease(term) && !term.hasPrefix("过敏") }

        /// Words before an illness in its clause that place it before the present one, and words after it.
        static let historyBefore: CueList = ["得过", "有过", "患过", "以前", "曾经", "去年", "上次", "原本", "先天", "小时候"]
        static let historyAfter: CueList = ["病史", "史"]

        init(_ dialogue: Dialogue, normalize: (String) -> String) {
            let statuses = dialogue.implicitSymptoms ?? [:]
            let selfCharacters = Array(dialogue.selfReport.unicodeScalars)
            let selfEntities = BIO.entities(dialogue.selfReportBIOLabel ?? [])
            if let found = Duration.first(in: dialogue.selfReport) {
                duration = Fact(value: found.value, sources: [Self.selfReport])
                // The patient's own account states the complaint with its length; a later answer often gives the
                // length of one symptom among several.
                durationSymptom = Self.symptom(before: found.offset, characters: selfCharacters, entities: selfEntities, normalize: normalize)
            }
            noteTemperatures(in: dialogue.selfReport, source: Self.selfReport)
            let selfTerms = selfEntities.map { $0.type == .symptom ? normalize($0.text(in: selfCharacters)) : "" }
            let selfStated = Self.selfReportStatuses(selfEntities, terms: selfTerms, characters: selfCharacters)
            for (entity, norm) in zip(selfEntities, selfTerms) {
                let text = entity.text(in: selfCharacters)
                switch entity.type {
                case .symptom:
                    noteHistory(entity, term: norm, characters: selfCharacters, source: Self.selfReport)
                    // The dialogue settles a term's status (its denials are noted with the turns); a term it leaves
                    // out keeps the self-report's reading.
                    guard !norm.isEmpty, Self.isComplaint(norm), statuses[norm] != .absent else { break }
                    if statuses[norm] == nil, selfStated[norm] == .absent {
                        Self.add(SymptomNormalizer.generic(norm), Self.selfReport, to: &absent)
                    } else {
                        Self.add(SymptomNormalizer.generic(norm), Self.selfReport, to: &present)
                    }
                case .drug: Self.addDrug(text, Self.selfReport, to: &drugsUsed)
                case .medicalExamination:
                    noteExam(entity, among: selfEntities, in: dialogue.selfReport, characters: selfCharacters, source: Self.selfReport)
                case .operation: noteTreatment(entity, characters: selfCharacters, source: Self.selfReport)
                case .drugCategory: break
                }
            }
            var question: TreatmentQuestion?
            for turn in dialogue.turns {
                let id = turn.sentenceID
                if turn.speaker == .patient { noteTemperatures(in: turn.sentence, source: id) }
                // Without one in the self-report, the course's length is the first the patient gives about a symptom.
                if duration == nil, turn.speaker == .patient, turn.dialogueAct == .informSymptom, let found = Duration.first(in: turn.sentence) {
                    duration = Fact(value: found.value, sources: [id])
                }
                for norm in turn.symptomNorm ?? [] where !norm.isEmpty {
                    if Self.isDisease(norm) {
                        if turn.speaker == .doctor, turn.dialogueAct == .diagnose, statuses[norm] == .present { Self.add(norm, id, to: &diagnoses) }
                    } else if !Self.isComplaint(norm) {
                        continue
                    } else if statuses[norm] == .present, turn.speaker == .patient {
                        Self.add(SymptomNormalizer.generic(norm), id, to: &present)
                    } else if statuses[norm] == .absent {
                        Self.add(SymptomNormalizer.generic(norm), id, to: &absent)
                    }
                }
                let characters = turn.characters, entities = turn.entities
                if turn.speaker == .patient {
                    for (entity, norm) in zip(entities.filter { $0.type == .symptom }, turn.symptomNorm ?? []) {
                        noteHistory(entity, term: norm, characters: characters, source: id)
                    }
                }
                for entity in entities {
                    let text = entity.text(in: characters)
                    switch (entity.type, turn.speaker, turn.dialogueAct) {
                    case (.drug, .patient, _): Self.addDrug(text, id, to: &drugsUsed)
                    case (.operation, .patient, _): noteTreatment(entity, characters: characters, source: id)
                    case (.drug, .doctor, .informDrugRecommendation?): Self.addDrug(text, id, to: &drugsAdvised)
                    case (.drugCategory, .doctor, .informDrugRecommendation?): Self.add(text, id, to: &drugClassesAdvised)
                    case (.medicalExamination, .patient, _): noteExam(entity, among: entities, in: turn.sentence, characters: characters, source: id)
                    case (.medicalExamination, .doctor, .informMedicalAdvice?): Self.add(ExamNames.standard(text), id, to: &examsAdvised)
                    default: break
                    }
                }
                if turn.speaker == .doctor, turn.dialogueAct == .requestExistingExaminationAndTreatment, ContextCues.isQuestion(turn.sentence) {
                    question = TreatmentQuestion(entities: entities, characters: characters, source: id)
                } else if turn.speaker == .patient {
                    if let question, TreatmentQuestion.confirms(turn.sentence) { noteAnswer(to: question, turn: turn, entities: entities, characters: characters) }
                    question = nil
                }
                if turn.dialogueAct == .informPrecautions { Self.add("注意观察", id, to: &precautions) }
                let advising = [.informPrecautions, .informDrugRecommendation, .informMedicalAdvice].contains(turn.dialogueAct)
                if turn.speaker == .doctor, advising {
                    for phrase in Self.carePhrases where turn.sentence.hasSubstring(phrase) { Self.add(phrase, id, to: &care) }
                }
            }
        }

        /// How the self-report states each symptom term (`terms`: the term of each of its `entities`): absent when
        /// every mention of it is negated (没有发烧), else present.
        private static func selfReportStatuses(
            _ entities: [Entity], terms: [String], characters: [Unicode.Scalar]
        ) -> [String: SymptomStatus] {
            var statuses: [String: SymptomStatus] = [:]
            for (entity, term) in zip(entities, terms) where entity.type == .symptom {
                let negated = ContextCues.isNegated(characters, start: entity.start, end: entity.end)
                if statuses[term] != .present { statuses[term] = negated ? .absent : .present }
            }
            return statuses
        }

        /// Adds what a patient's reply confirms the doctor's question asked about (查过血常规吗 — 查了，说是正常): the
        /// exams as done, with the result the reply gives when one exam was asked about, and the drugs as used,
        /// unless the reply names its own.
        private mutating func noteAnswer(to question: TreatmentQuestion, turn: Turn, entities: [Entity], characters: [Unicode.Scalar]) {
            let sources = [question.source, turn.sentenceID]
            if !entities.contains(where: { $0.type == .medicalExamination }) {
                for exam in question.exams {
                    for source in sources { Self.add(exam, source, to: &examsDone) }
                }
                if let exam = question.exams.first, question.exams.count == 1, examResults[exam] == nil {
                    examResults[exam] = ExamResult.result(inReply: turn.sentence, characters: characters)
                }
            }
            if !entities.contains(where: { $0.type == .drug }) {
                for drug in question.drugs { for source in sources { Self.addDrug(drug, source, to: &drugsUsed) } }
            }
        }

        /// Adds an exam the patient reports, under its standard name, with the result its sentence gives for it
        /// (read up to the next exam among the sentence's `entities`).
        private mutating func noteExam(_ exam: Entity, among entities: [Entity], in sentence: String, characters: [Unicode.Scalar], source: String) {
            let name = ExamNames.standard(exam.text(in: characters))
            Self.add(name, source, to: &examsDone)
            let next = entities.first { $0.type == .medicalExamination && $0.start >= exam.end }?.start ?? characters.count
            if examResults[name] == nil, let result = ExamResult.result(in: sentence, characters: characters, after: exam.end, before: next) {
                examResults[name] = result
            }
        }

        /// The symptom a clause names right before `offset` (咳嗽 in 很多痰咳嗽半年了), as the report writes it.
        private static func symptom(
            before offset: Int, characters: [Unicode.Scalar], entities: [Entity], normalize: (String) -> String
        ) -> String? {
            guard let symptom = entities.filter({ $0.type == .symptom && $0.end <= offset }).max(by: { $0.end < $1.end }),
                  !characters[symptom.end..<offset].contains(where: ContextCues.clauseBreaks.contains) else { return nil }
            let term = normalize(symptom.text(in: characters))
            return term.isEmpty ? nil : SymptomNormalizer.generic(term)
        }

        /// Adds a treatment the patient reports as given: not asked about, denied, conditional or only proposed
        /// (需要输液吗, 没有输液, 要不要雾化).
        private mutating func noteTreatment(_ mention: Entity, characters: [Unicode.Scalar], source: String) {
            guard let name = TreatmentNames.standard(mention.text(in: characters)) else { return }
            let clause = ContextCues.clause(of: characters, start: mention.start, end: mention.end)
            guard Self.statesPlainly(clause), !Self.proposals.occurs(in: String(clause.before.suffix(3))) else { return }
            Self.add(name, source, to: &treatments)
        }

        /// Words before a treatment that propose it rather than report it.
        static let proposals: CueList = ["要", "能", "可以", "该", "是否", "建议"]

        /// Adds the illness `term` of a mention when its clause places it before the present illness.
        private mutating func noteHistory(_ mention: Entity, term: String, characters: [Unicode.Scalar], source: String) {
            guard !term.isEmpty else { return }
            let clause = ContextCues.clause(of: characters, start: mention.start, end: mention.end)
            if term.hasPrefix("过敏") {
                noteAllergy(mention, term: term, clause: clause, characters: characters, source: source)
                return
            }
            // A symptom after 以前 is mostly an earlier bout of the present complaint; a disease, or any finding
            // called a history (有哮喘病史), is history.
            guard (Self.isDisease(term) && Self.historyBefore.occurs(in: clause.before)) || Self.historyAfter.begins(clause.after) else { return }
            Self.add(term, source, to: &history)
        }

        /// Adds an allergy the patient states as a fact about the child (过敏体质, 牛奶蛋白过敏, 有过敏性鼻炎): not asked,
        /// denied, supposed or said of someone else. A bare 过敏 names nothing to record.
        private mutating func noteAllergy(
            _ mention: Entity, term: String, clause: (before: String, after: String), characters: [Unicode.Scalar], source: String
        ) {
            let text = clause.before + clause.after
            guard Self.statesPlainly(clause), !ContextCues.isUncertain(text), !Self.notOfTheChild.occurs(in: text) else { return }
            let written = mention.text(in: characters)
            if term != "过敏" {
                Self.add(term, source, to: &history)
            } else if written.count > term.count {
                Self.add(written, source, to: &history)
            }
        }

        /// Suspicions and the family, which the frames leave out (我怀疑他是过敏性鼻炎, 孩子爸妈都过敏体质).
        static let notOfTheChild: CueList = ["怀疑", "爸妈", "父母", "家族"]
        /// Frames in which a finding is not stated of the child (conditional, supposed, general, someone else's).
        static let doubtfulFrames: UInt32 = [ContextCues.Frame.conditional, .uncommitted, .knowledge, .otherPerson]
            .reduce(0) { $0 | 1 << UInt32($1.rawValue) }

        /// Whether a mention's clause states it as a fact about the child: not asked, denied, or in a doubtful frame.
        static func statesPlainly(_ clause: (before: String, after: String)) -> Bool {
            let text = clause.before + clause.after
            return !ContextCues.isQuestion(text) && !ContextCues.isNegated(before: clause.before, after: clause.after)
                && ContextCues.frames(in: text) & doubtfulFrames == 0
        }

        /// Keeps the highest body temperature written in `text`.
        private mutating func noteTemperatures(in text: String, source: String) {
            for mention in Temperature.mentions(in: Array(text.unicodeScalars)) where mention.celsius >= 37.3 {
                if mention.celsius > Double(highestTemperature?.value ?? "0") ?? 0 {
                    highestTemperature = Fact(value: String(format: mention.celsius.rounded() == mention.celsius ? "%.0f" : "%.1f", mention.celsius), sources: [source])
                }
            }
        }

        /// Adds a drug, taking a shorter and a longer name of one drug (布洛芬, 布洛芬颗粒) for the same one.
        private static func addDrug(_ name: String, _ source: String, to list: inout [Fact]) {
            add(name, source, to: &list, sameAs: { $0.hasPrefix($1) || $1.hasPrefix($0) })
        }

        /// Adds a value, or its source to the fact of the same value already listed, which then takes the longer
        /// of the two names.
        private static func add(_ value: String, _ source: String, to list: inout [Fact], sameAs: (String, String) -> Bool = (==)) {
            if let index = list.firstIndex(where: { sameAs($0.value, value) }) {
                if value.count > list[index].value.count { list[index].value = value }
                if !list[index].sources.contains(source) { list[index].sources.append(source) }
            } else {
                list.append(Fact(value: value, sources: [source]))
            }
        }
    }
}
