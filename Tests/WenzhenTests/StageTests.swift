import Foundation
import Testing
import WenzhenCore
@testable import WenzhenStages

@Suite("Baseline stages")
struct StageTests {
    let resources: StageResources
    init() throws { resources = try StageResources.bundled() }

    /// The example consultations through every standard stage, in order.
    func processedExamples() throws -> [Dialogue] {
        let stages = try StageKind.allCases.map { kind in
            try StageRegistry.standard.makeStage(kind, implementation: StageRegistry.standard.implementations(of: kind)[0], resources: resources)
        }
        return try TestSupport.exampleDialoguesDecoded().map { dialogue in
            var dialogue = dialogue
            for stage in stages { try stage.process(&dialogue) }
            return dialogue
        }
    }

    @Test("lexicon NER tags symptoms, drugs and exams, including the self-report")
    func ner() throws {
        let stage = LexiconNER(lexicon: try resources.entityLexicon())
        var dialogue = Dialogue(id: "n", selfReport: "咳嗽三天", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "吃了美林，查了血常规，还是咳嗽")])
        try stage.process(&dialogue)
        let turn = dialogue.turns[0]
        let found = turn.entities.map { "\($0.type.rawValue):\($0.text(in: turn.characters))" }
        #expect(found.contains("Drug:美林"))
        #expect(found.contains("Medical_Examination:血常规"))
        #expect(found.contains("Symptom:咳嗽"))
        #expect(BIO.entities(dialogue.selfReportBIOLabel ?? []).first == Entity(type: .symptom, start: 0, end: 2))
    }

    @Test("normalization: aliases, containment, temperatures, and nothing forced")
    func normalization() throws {
        let normalizer = try resources.symptomNormalizer()
        #expect(normalizer.terms.count == 331)
        #expect(normalizer.normalize("流鼻涕") == "鼻流涕")
        #expect(normalizer.normalize("咳嗽") == "咳嗽")
        #expect(normalizer.normalize("38.5") == "中等度热")
        #expect(normalizer.normalize("三十八度五") == "中等度热")
        #expect(normalizer.normalize("37.6") == "低热")
        #expect(normalizer.normalize("39度多") == "高热")
        #expect(normalizer.normalize("阵发性咳嗽") == "咳嗽")
        #expect(normalizer.normalize("屁股红") == nil || normalizer.normalize("屁股红") == "屁")
        #expect(normalizer.normalize("骨折") == nil)
    }

    @Test("acts: a short answer inherits the topic of the question it answers")
    func acts() throws {
        var dialogue = Dialogue(id: "a", turns: [
            Turn(sentenceID: "1", speaker: .doctor, sentence: "宝宝多大了？"),
            Turn(sentenceID: "2", speaker: .patient, sentence: "六个月"),
            Turn(sentenceID: "3", speaker: .doctor, sentence: "用过什么药？"),
            Turn(sentenceID: "4", speaker: .patient, sentence: "没有"),
            Turn(sentenceID: "5", speaker: .patient, sentence: "需要去医院吗？"),
            Turn(sentenceID: "6", speaker: .doctor, sentence: "如果反复发热，需要到医院查血常规"),
            Turn(sentenceID: "7", speaker: .patient, sentence: "谢谢"),
        ])
        try RuleDialogueActs().process(&dialogue)
        #expect(dialogue.turns.map(\.dialogueAct) == [
            .requestBasicInformation, .informBasicInformation, .requestExistingExaminationAndTreatment,
            .informExistingExaminationAndTreatment, .requestMedicalAdvice, .other, .other,
        ])
    }

    @Test("symptom status and polarity read negation, answered questions and hypotheticals")
    func statusAndPolarity() throws {
        let dialogues = try processedExamples()
        let fever = dialogues[0]
        // 有没有流鼻涕？ — 没有
        #expect(fever.turns[2].symptomNorm == ["鼻流涕"])
        #expect(fever.turns[2].symptomType == [.absent])
        #expect(fever.turns[2].findings?.first?.attr == .negative)
        #expect(fever.implicitSymptoms?["鼻流涕"] == .absent)
        #expect(fever.turns[1].symptomNorm == ["中等度热"])
        #expect(fever.turns[1].findings?.first?.attr == .positive)
        #expect(fever.implicitSymptoms?["中等度热"] == .present)
        let diarrhea = dialogues[1]
        let dehydration = diarrhea.turns.first { $0.sentence.hasPrefix("如果出现脱水") }!
        #expect(dehydration.findings?.first?.attr == .notAnnotated)
        #expect(dehydration.symptomType == [.undetermined])
        let cough = dialogues[2]
        #expect(cough.implicitSymptoms?["发热"] == .absent)
    }

    @Test("the template report fills six fields from the earlier stages")
    func report() throws {
        let report = try #require(try processedExamples()[0].report)
        #expect(report.fields.allSatisfy { !$0.isEmpty })
        #expect(report.chiefComplaint.hasSuffix("2天。"))
        #expect(report.diagnosis == "上呼吸道感染。")
        #expect(report.presentIllness.contains("美林"))
        #expect(report.presentIllness.contains("无鼻流涕"))
        #expect(report.suggestion.contains("血常规"))
        #expect(report.text.hasPrefix("主诉："))
    }

    @Test("every report field names the sentences its facts come from, and only sentences of the dialogue")
    func reportEvidence() throws {
        for dialogue in try processedExamples() {
            let evidence = try #require(dialogue.reportEvidence)
            #expect(Set(evidence.keys) == Set(Report.fieldNames))
            let ids = Set(dialogue.turns.map(\.sentenceID) + ["self_report"])
            #expect(evidence.values.allSatisfy { Set($0).isSubset(of: ids) })
        }
        let fever = try processedExamples()[0]
        #expect(fever.reportEvidence?["主诉"]?.contains("self_report") == true, "the duration comes from the self-report")
        #expect(fever.reportEvidence?["诊断"] == ["9"], "考虑是上呼吸道感染")
        #expect(fever.reportEvidence?["建议"]?.contains("11") == true, "建议去医院查个血常规")
    }

    @Test("grounding traces report entities to the dialogue, directly or through normalization, and flags the rest")
    func grounding() throws {
        let normalizer = try resources.learnedNormalizer()
        let grounding = ReportGrounding(model: try resources.nerModel(), normalize: { normalizer.normalize($0) })
        var dialogue = Dialogue(id: "g", selfReport: "宝宝发烧38度5", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "吃了美林")])
        dialogue.report = Report(chiefComplaint: "发热。", presentIllness: "已服用美林。", suggestion: "口服布洛芬。")
        let result = grounding.check(dialogue)
        #expect(result.entities == 3)
        #expect(result.grounded == 2, "发热 through 发烧, 美林 as written")
        #expect(result.ungrounded == ["布洛芬"])
        dialogue.turns.append(Turn(sentenceID: "2", speaker: .patient, sentence: "昨天去医院验了血"))
        dialogue.report = Report(auxiliaryExamination: "血常规。", suggestion: "完善胸片检查。")
        #expect(grounding.check(dialogue).ungrounded == ["胸片"], "验了血 grounds 血常规 through its standard name; nothing grounds 胸片")
    }

    @Test("colloquial exam mentions get the standard name of the routine exam; other exams keep their words")
    func examNames() {
        for (mention, standard) in [
            ("验了血", "血常规"), ("查下血", "血常规"), ("血象", "血常规"), ("采指尖血", "血常规"), ("化验一下大便", "大便常规"),
            ("便常规", "大便常规"), ("查小便", "尿常规"), ("小便常规", "尿常规"), ("拍个片子", "胸片"), ("胸透", "胸片"),
            ("听一下肺部", "肺部听诊"), ("拍了片子", "胸片"), ("查过敏原", "过敏原"), ("查个支原体抗体", "支原体抗体"), ("化验一下电解质", "电解质"),
            ("抽血查支原体", "抽血查支原体"), ("白细胞", "白细胞"), ("大小便常规", "大小便常规"), ("血或者大便化验", "血或者大便化验"),
            ("听诊", "听诊"), ("听一下气管", "听诊"), ("查体", "查体"),
        ] {
            #expect(ExamNames.standard(mention) == standard, "\(mention)")
        }
    }

    @Test("treatment mentions get the standard name of the treatment; vaccinations and blood sampling are none")
    func treatmentNames() {
        for (mention, standard) in [
            ("挂水", "输液"), ("打了水", "输液"), ("打点滴", "输液"), ("输了液", "输液"), ("雾化吸入", "雾化"), ("打了一针", "打针"),
            ("退烧针", "打针"), ("照蓝光", "蓝光"), ("蓝光治疗", "蓝光"), ("灌肠", "灌肠"),
        ] {
            #expect(TreatmentNames.standard(mention) == standard, "\(mention)")
        }
        for mention in ["打预防针", "打疫苗", "抽了血", "皮试"] { #expect(TreatmentNames.standard(mention) == nil, "\(mention)") }
    }

    @Test("现病史 names the treatments the patient reports as given, not those asked about or proposed")
    func reportTreatments() throws {
        let normalizer = try resources.learnedNormalizer()
        let ner = CRFNER(model: try resources.nerModel())
        func illness(_ sentence: String) throws -> (text: String?, evidence: [String]?) {
            var dialogue = Dialogue(id: "t", selfReport: "宝宝咳嗽两天", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: sentence)])
            try ner.process(&dialogue)
            try TemplateReport(normalize: { normalizer.normalize($0) }).process(&dialogue)
            return (dialogue.report?.presentIllness, dialogue.reportEvidence?["现病史"])
        }
        let given = try illness("昨天在诊所挂水了，还做了雾化")
        #expect(given.text?.hasSuffix("已行输液、雾化治疗。") == true, "\(given.text ?? "")")
        #expect(given.evidence?.contains("1") == true)
        #expect(try illness("需要输液吗？").text?.contains("输液") == false)
        #expect(try illness("没有输液").text?.contains("输液") == false)
        let grounding = ReportGrounding(model: try resources.nerModel(), normalize: { normalizer.normalize($0) })
        var dialogue = Dialogue(id: "g", selfReport: "宝宝咳嗽两天", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "昨天在诊所挂水了")])
        dialogue.report = Report(presentIllness: "已行输液治疗。")
        #expect(grounding.check(dialogue).ungrounded.isEmpty, "挂水 grounds 输液")
    }

    @Test("an exam's result is the first result word after it in its clause, unless asked, conditional or negated")
    func examResults() {
        func result(_ sentence: String, _ exam: String, nextExam: String? = nil) -> String? {
            let characters = Array(sentence.unicodeScalars)
            let start = Array(sentence.unicodeScalars).firstRange(of: Array(exam.unicodeScalars))!.lowerBound
            let next = nextExam.flatMap { characters.firstRange(of: Array($0.unicodeScalars))?.lowerBound } ?? characters.count
            return ExamResult.result(in: sentence, characters: characters, after: start + exam.unicodeScalars.count, before: next)
        }
        #expect(result("白细胞有点高，去医院看了", "白细胞") == "偏高")
        #expect(result("血象正常", "血象") == "正常")
        #expect(result("大便化验不正常", "大便化验") == "异常")
        #expect(result("胸片没有异常", "胸片") == "正常")
        #expect(result("中性粒细胞下降淋巴细胞升高", "中性粒细胞", nextExam: "淋巴细胞") == "偏低", "up to the next exam")
        #expect(result("中性粒细胞下降淋巴细胞升高", "淋巴细胞") == "偏高")
        #expect(result("白细胞不高啊", "白细胞") == nil, "a negated level")
        #expect(result("白细胞低可以做吗？", "白细胞") == nil, "a question")
        #expect(result("如果血项不高的话先不输液", "血项") == nil, "a conditional")
        #expect(result("查了血常规，都正常", "血常规") == nil, "another clause")
        #expect(result("白细胞3-4潜血阳性", "白细胞") == nil, "past a figure")
    }

    @Test("the report lists exams under their standard names, once, with their results")
    func reportExamNames() throws {
        let normalizer = try resources.learnedNormalizer()
        var dialogue = Dialogue(id: "e", selfReport: "宝宝拉肚子两天", turns: [
            Turn(sentenceID: "1", speaker: .patient, sentence: "昨天化验大便了"),
            Turn(sentenceID: "2", speaker: .patient, sentence: "也抽血了，大便检查说有点炎症"),
            Turn(sentenceID: "3", speaker: .patient, sentence: "血象正常"),
        ])
        try CRFNER(model: try resources.nerModel()).process(&dialogue)
        try TemplateReport(normalize: { normalizer.normalize($0) }).process(&dialogue)
        #expect(dialogue.report?.auxiliaryExamination == "大便常规、血常规正常。", "with the result given for it")
        #expect(dialogue.reportEvidence?["辅助检查"] == ["1", "2", "3"])
    }

    @Test("a reply that confirms the doctor's question about an exam or a drug reports it done or taken; a denial does not")
    func answeredTreatmentQuestions() throws {
        let normalizer = try resources.learnedNormalizer()
        let ner = CRFNER(model: try resources.nerModel())
        func report(_ question: String, _ reply: String) throws -> Dialogue {
            var dialogue = Dialogue(id: "q", selfReport: "宝宝咳嗽三天", turns: [
                Turn(sentenceID: "1", speaker: .doctor, sentence: question),
                Turn(sentenceID: "2", speaker: .patient, sentence: reply),
            ])
            try ner.process(&dialogue)
            dialogue.turns[0].dialogueAct = .requestExistingExaminationAndTreatment
            dialogue.turns[1].dialogueAct = .informExistingExaminationAndTreatment
            try TemplateReport(normalize: { normalizer.normalize($0) }).process(&dialogue)
            return dialogue
        }
        let exam = try report("查过血常规吗？", "查了，医生说正常")
        #expect(exam.report?.auxiliaryExamination == "血常规正常。", "with the result the reply gives")
        #expect(exam.reportEvidence?["辅助检查"] == ["1", "2"])
        #expect(try report("查过血常规和胸片吗？", "查了，医生说正常").report?.auxiliaryExamination == "血常规、胸片。", "one result, two exams")
        #expect(try report("查过血常规吗？", "嗯，没查").report?.auxiliaryExamination == "暂缺。")
        #expect(try report("查过血常规吗？", "还没有").report?.auxiliaryExamination == "暂缺。")
        #expect(try report("吃过美林吗？", "吃过").report?.presentIllness.hasSuffix("已服用美林。") == true)
        #expect(try report("吃过美林吗？", "没吃").report?.presentIllness.contains("美林") == false)
    }

    @Test("主诉 names the symptom the self-report gives the course's length for, with that length")
    func chiefComplaint() throws {
        let normalizer = try resources.learnedNormalizer()
        var dialogue = Dialogue(id: "c", selfReport: "6岁小孩很多痰咳嗽半年了", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "晚上咳得厉害")])
        try CRFNER(model: try resources.nerModel()).process(&dialogue)
        try TemplateReport(normalize: { normalizer.normalize($0) }).process(&dialogue)
        #expect(dialogue.report?.chiefComplaint == "咳嗽半年。")
        #expect(dialogue.report?.presentIllness.hasPrefix("患儿半年前出现痰、咳嗽") == true, "the course keeps the order of mention")
    }

    @Test("a symptom the self-report denies is reported absent, unless the dialogue finds it")
    func selfReportDenials() throws {
        let normalizer = try resources.learnedNormalizer()
        let ner = CRFNER(model: try resources.nerModel())
        func report(_ selfReport: String, statuses: [String: SymptomStatus] = [:]) throws -> Report? {
            var dialogue = Dialogue(id: "d", selfReport: selfReport, turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "好的")])
            try ner.process(&dialogue)
            dialogue.implicitSymptoms = statuses
            try TemplateReport(normalize: { normalizer.normalize($0) }).process(&dialogue)
            return dialogue.report
        }
        let denied = try report("一周岁的宝宝，也不咳嗽，不流鼻涕，发烧两天了")
        #expect(denied?.chiefComplaint == "发热2天。", "not the denied cough")
        #expect(denied?.presentIllness == "患儿2天前出现发热，无咳嗽、鼻流涕。")
        let laterFound = try report("不咳嗽，发烧两天了", statuses: ["咳嗽": .present])
        #expect(laterFound?.presentIllness == "患儿2天前出现咳嗽、发热。", "the dialogue settles the status")
        let onceDenied = try report("白天不咳嗽，晚上咳嗽厉害")
        #expect(onceDenied?.presentIllness == "患儿出现咳嗽。", "denied in one clause, stated in another")
    }

    @Test("既往史 names the illnesses the patient places before the present one and stated allergies (not complaints), not earlier bouts of a symptom")
    func pastHistory() throws {
        let normalizer = try resources.learnedNormalizer()
        let ner = CRFNER(model: try resources.nerModel())
        func history(_ selfReport: String) throws -> (text: String?, evidence: [String]?) {
            var dialogue = Dialogue(id: "h", selfReport: selfReport, turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "晚上咳得厉害")])
            try ner.process(&dialogue)
            try TemplateReport(normalize: { normalizer.normalize($0) }).process(&dialogue)
            return (dialogue.report?.pastHistory, dialogue.reportEvidence?["既往史"])
        }
        let pneumonia = try history("孩子去年得过肺炎，这两天咳嗽")
        #expect(pneumonia.text == "肺炎。")
        #expect(pneumonia.evidence == ["self_report"])
        #expect(try history("孩子以前也咳嗽过，这两天又咳嗽").text == "不详。", "an earlier bout of the complaint")
        #expect(try history("孩子是过敏体质，这两天咳嗽").text == "过敏体质。", "an allergy stated of the child")
        var allergic = Dialogue(id: "h", selfReport: "孩子是过敏体质，咳嗽三天", turns: [Turn(sentenceID: "1", speaker: .patient, sentence: "晚上咳得厉害")])
        try ner.process(&allergic)
        try TemplateReport(normalize: { normalizer.normalize($0) }).process(&allergic)
        #expect(allergic.report?.presentIllness == "患儿3天前出现咳嗽。", "an allergy is history, not a complaint")
        #expect(try history("我怀疑他是过敏性鼻炎，这两天咳嗽").text == "不详。", "a suspicion")
        #expect(try history("没有过敏史，这两天咳嗽").text == "不详。", "denied")
    }

    @Test("建议 names the advised drugs, each once, before kinds of drug, then the care the doctor names, with their sentences")
    func reportAdvice() throws {
        let normalizer = try resources.learnedNormalizer()
        let ner = CRFNER(model: try resources.nerModel())
        func advice(_ turns: [Turn]) throws -> (text: String?, evidence: [String]?) {
            var dialogue = Dialogue(id: "a", selfReport: "宝宝拉肚子两天", turns: turns)
            try ner.process(&dialogue)
            try TemplateReport(normalize: { normalizer.normalize($0) }).process(&dialogue)
            return (dialogue.report?.suggestion, dialogue.reportEvidence?["建议"])
        }
        let drugs = [
            Turn(sentenceID: "1", speaker: .doctor, sentence: "可以吃点益生菌，多喝水", dialogueAct: .informDrugRecommendation),
            Turn(sentenceID: "2", speaker: .doctor, sentence: "再吃蒙脱石散", dialogueAct: .informDrugRecommendation),
        ]
        let care = try advice(drugs + [Turn(sentenceID: "3", speaker: .doctor, sentence: "注意保暖，别让孩子着凉", dialogueAct: .informPrecautions)])
        #expect(care.text == "口服蒙脱石散、益生菌，多喝水，注意保暖。")
        #expect(care.evidence == ["2", "1", "3"])
        let watch = try advice([drugs[1], Turn(sentenceID: "3", speaker: .doctor, sentence: "注意观察孩子精神", dialogueAct: .informPrecautions)])
        #expect(watch.text == "口服蒙脱石散，注意观察。", "a precaution that names no care")
        let routes = try advice([Turn(sentenceID: "1", speaker: .doctor, sentence: "用开塞露，再吃蒙脱石散", dialogueAct: .informDrugRecommendation)])
        #expect(routes.text == "口服蒙脱石散，使用开塞露。", "no 口服 for a drug not taken by mouth")
        let names = try advice([
            Turn(sentenceID: "1", speaker: .doctor, sentence: "可以吃布洛芬", dialogueAct: .informDrugRecommendation),
            Turn(sentenceID: "2", speaker: .doctor, sentence: "布洛芬颗粒一次半包", dialogueAct: .informDrugRecommendation),
        ])
        #expect(names.text == "口服布洛芬颗粒。", "a drug's shorter and longer name are one drug")
        #expect(names.evidence == ["1", "2"])
    }

    @Test("a drug's dosage form tells whether it is taken by mouth")
    func drugRoutes() {
        for drug in ["蒙脱石散", "美林", "川贝枇杷膏", "枇杷露", "小儿肺热咳喘口服液", "伪麻美芬滴剂"] { #expect(DrugRoutes.isTakenByMouth(drug), "\(drug)") }
        for drug in ["开塞露", "退热贴", "红霉素眼膏", "生理海水喷雾剂", "布洛芬栓", "喜炎平注射液", "生理盐水"] { #expect(!DrugRoutes.isTakenByMouth(drug), "\(drug)") }
    }

    @Test("durations are read from Chinese and Arabic numerals")
    func durations() {
        #expect(Duration.first(in: "发烧两天了")?.value == "2天")
        #expect(Duration.first(in: "咳嗽一周")?.value == "1周")
        #expect(Duration.first(in: "发烧咳嗽。一个星期了。今天一天没吃饭")?.value == "1周")
        #expect(Duration.first(in: "咳了两个礼拜")?.value == "2周")
        #expect(Duration.first(in: "有一个多礼拜了")?.value == "1周余")
        #expect(Duration.first(in: "拉肚子十五天")?.value == "15天")
        #expect(Duration.first(in: "八九天都还没有好")?.value == "8天")
        #expect(Duration.first(in: "咳嗽一个多月了")?.value == "1月余")
        #expect(Duration.first(in: "3个多月的小孩")?.value == nil, "an age")
        #expect(Duration.first(in: "宝宝19个月，咳嗽三天")?.value == "3天", "the age is skipped")
        #expect(Duration.first(in: "孩子两个月大了，发烧一天")?.value == "1天")
        #expect(Duration.first(in: "十个月宝宝拉肚子三天")?.value == "3天", "an age before the child")
        #expect(Duration.first(in: "没有时间")?.value == nil)
        #expect(Duration.first(in: "很多痰咳嗽半年了")?.value == "半年")
        #expect(Duration.first(in: "拉肚子拉半个月了")?.value == "半月")
        #expect(Duration.first(in: "咳嗽半个多月")?.value == "半月余")
        #expect(Duration.first(in: "宝宝四个半月，咳嗽三天")?.value == "3天", "half after a count is part of an age")
        #expect(Duration.first(in: "婴儿八半月，有点咳嗽")?.value == nil)
        #expect(Duration.first(in: "宝宝半个月，鼻塞")?.value == nil, "an age")
        #expect(Duration.first(in: "总是半天才呼吸一次")?.value == nil, "a long while")
        #expect(Duration.first(in: "宝宝19个月，咳嗽三天")?.offset == 9)
        #expect(Duration.first(in: "婴儿两个月，流鼻涕，打喷嚏") == nil, "an age")
        #expect(Duration.first(in: "孩子3岁两个月，咳嗽不太严重") == nil, "months after years are an age")
        #expect(Duration.first(in: "小宝13天了舌苔有点发白") == nil, "an age")
        #expect(Duration.first(in: "五十多天的宝宝，有时候咳嗽") == nil, "days before the child are an age")
        #expect(Duration.first(in: "50天左右的宝宝，拉肚子三天")?.value == "3天")
        #expect(Duration.first(in: "孩子四月零七天，便秘") == nil, "an age")
        #expect(Duration.first(in: "吃了3天的药")?.value == "3天", "a count before anything else stays a duration")
        #expect(Duration.first(in: "79天宝宝受凉了") == nil, "an age opening the text")
        #expect(Duration.first(in: "前两天孩子风热感冒")?.value == "2天", "a duration before the child")
        #expect(Duration.first(in: "孩子快三周岁了，昨天开始咳嗽") == nil, "周岁 is years of age")
        #expect(Duration.first(in: "我宝宝出生11天，早上吐奶")?.value == nil, "出生 makes it the age")
        #expect(Duration.first(in: "宝宝现在十个月了，有时候恶心") == nil, "words between the child and its age")
        #expect(Duration.first(in: "小孩子快六个月了，拉的屎是墨绿色的") == nil)
        #expect(Duration.first(in: "宝宝差几天九个月，今天发烧了") == nil)
        #expect(Duration.first(in: "宝宝三天没拉粑粑")?.value == "3天", "what the child went without for three days")
        #expect(Duration.first(in: "孩子有两天没大便了")?.value == "2天")
        #expect(Duration.first(in: "我的宝宝从4个月开始腹泻，拉了一周")?.value == "1周", "the age the illness began at")
        #expect(Duration.first(in: "小孩出生于2017年7月11日，黄疸三天")?.value == "3天", "a date is no duration")
        #expect(Duration.first(in: "宝宝现在出生第77天")?.value == nil)
        #expect(Duration.first(in: "宝宝三个月25天，这几天吐奶")?.value == nil, "months and days: an age")
        #expect(Duration.first(in: "11个月，拉肚子三天")?.value == "3天", "months opening the text: an age")
        #expect(Duration.first(in: "两个月了还在咳嗽")?.value == "2月", "…unless the months have passed")
        #expect(Duration.first(in: "咳嗽三个月")?.value == "3月")
        #expect(Duration.first(in: "咳嗽两个月")?.value == "2月", "months ending the text")
    }

    @Test("the lexicon builder keeps forms the training text tags reliably")
    func builder() {
        func sentence(_ text: String, _ tags: String) -> (text: [Unicode.Scalar], tags: [String]) { (Array(text.unicodeScalars), BIO.tags(tags)) }
        let sentences = [
            sentence("咳嗽了", "B-Symptom I-Symptom O"), sentence("又咳嗽", "O B-Symptom I-Symptom"),
            sentence("吐了", "B-Symptom O"), sentence("吐字", "O O"), sentence("吐出", "O O"), sentence("吐", "B-Symptom"), sentence("谈吐", "O O"),
        ]
        let entries = LexiconBuilder().build(sentences)
        #expect(entries.map(\.surface) == ["咳嗽"], "吐 is tagged in only two of its five occurrences")
        #expect(entries.first?.precision == 1)
    }
}

@Suite("Cue lists")
struct CueListTests {
    @Test("a cue list finds and begins with exactly what a search cue by cue finds")
    func agreesWithSearchPerCue() {
        let cues = ["没有", "？", "?", "38.5", "吗", "不不", "以上了", "度"]
        let list = CueList(cues)
        for text in ["没有发烧", "宝宝咳嗽三天了？", "体温38.5度", "", "a", "不不不", "发烧以上", "好吗", "没", "38."] {
            #expect(list.occurs(in: text) == cues.contains { text.contains($0) }, "\(text)")
            #expect(list.begins(text) == cues.contains { text.hasPrefix($0) }, "\(text)")
        }
    }
}
