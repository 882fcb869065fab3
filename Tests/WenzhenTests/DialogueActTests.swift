import Foundation
import Testing
import WenzhenCore
@testable import WenzhenStages

@Suite("Learned dialogue acts")
struct DialogueActTests {
    @Test("the linear trainer learns a separable problem, deterministically, and stops on its held-out score")
    func trainer() {
        func example(_ label: Int, _ noise: Int32) -> LinearClassifierTrainer.Example {
            LinearClassifierTrainer.Example(features: [Int32(label * 10), Int32(100 + noise % 7)], label: label)
        }
        let examples = (0..<300).map { example($0 % 3, Int32($0)) }
        let validation = (0..<30).map { example($0 % 3, Int32($0 * 13)) }
        var options = LinearClassifierTrainer.Options()
        options.hashBits = 8
        var epochs = 0
        let accuracy = LinearClassifierTrainer.accuracy
        let model = LinearClassifierTrainer(options: options).train(labels: ["a", "b", "c"], examples, validation: validation, score: accuracy) { epoch, _, _ in
            epochs = epoch
        }
        #expect(validation.allSatisfy { model.predict($0.features) == $0.label })
        #expect(epochs < options.epochs, "a perfect held-out score cannot improve: patience stops training")
        let again = LinearClassifierTrainer(options: options).train(labels: ["a", "b", "c"], examples, validation: validation, score: accuracy)
        #expect(again.weights == model.weights)
        let probabilities = model.probabilities(examples[1].features)
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-9 && probabilities[1] > 0.5)
    }

    @Test("an example counts as much as its weight: of two conflicting labels, the heavier wins")
    func exampleWeights() {
        var options = LinearClassifierTrainer.Options()
        options.hashBits = 4
        func prediction(weightOfA: Double) -> Int {
            let examples = (0..<40).map { LinearClassifierTrainer.Example(features: [1], label: $0 % 2, weight: $0 % 2 == 0 ? weightOfA : 1) }
            return LinearClassifierTrainer(options: options)
                .train(labels: ["a", "b"], examples, validation: [], score: LinearClassifierTrainer.accuracy)
                .predict([1])
        }
        #expect(prediction(weightOfA: 3) == 0)
        #expect(prediction(weightOfA: 1.0 / 3) == 1)
    }

    @Test("the bundled classifier labels every sentence; short answers follow their question")
    func bundled() throws {
        let resources = try StageResources.bundled()
        let stage = try StageRegistry.standard.makeStage(.dac, implementation: "linear", resources: resources)
        var dialogue = Dialogue(id: "a", turns: [
            Turn(sentenceID: "1", speaker: .doctor, sentence: "宝宝咳嗽几天了？"),
            Turn(sentenceID: "2", speaker: .patient, sentence: "三天了"),
            Turn(sentenceID: "3", speaker: .doctor, sentence: "之前用过什么药吗？"),
            Turn(sentenceID: "4", speaker: .patient, sentence: "吃了美林"),
            Turn(sentenceID: "5", speaker: .doctor, sentence: "谢谢"),
        ])
        try CRFNER(model: resources.nerModel()).process(&dialogue)
        try stage.process(&dialogue)
        #expect(dialogue.turns.map(\.dialogueAct) == [
            .requestSymptom, .informSymptom, .requestExistingExaminationAndTreatment, .informExistingExaminationAndTreatment, .other,
        ])
    }

    @Test("a classifier file round-trips and refuses another kind")
    func file() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var model = LinearClassifier(labels: ["x", "y"], hashBits: 8)
        model.weights[3] = 1.5
        let url = directory.appendingPathComponent("c.model")
        try LinearClassifierFile.write(model, kind: "test", featureVersion: 1, notes: [:], to: url)
        #expect(try LinearClassifierFile.read(contentsOf: url, kind: "test", featureVersion: 1, retrain: "").weights == model.weights)
        #expect { _ = try LinearClassifierFile.read(contentsOf: url, kind: "dac-lin", featureVersion: 1, retrain: "") } throws: {
            "\($0)".contains("holds a 'test' model")
        }
        #expect { _ = try LinearClassifierFile.read(contentsOf: url, kind: "test", featureVersion: 2, retrain: "retrain") } throws: {
            "\($0)".contains("feature layout differs")
        }
    }

    @Test("a factored classifier sums its views' scores; its views and bigram clusters round-trip through one file")
    func factored() throws {
        // Fine labels a1, a2, b1; the coarse view groups a1 and a2 as "a".
        let groups = [["a1", "a2", "b1"], ["a", "a", "b"]]
        var fine = LinearClassifier(labels: groups[0], hashBits: 8)
        var coarse = LinearClassifier(labels: ["a", "b"], hashBits: 8)
        fine.weights[3 * 5 + 1] = 1  // feature 5 favours a2 …
        fine.weights[3 * 5 + 2] = 1.5  // … and b1 more
        coarse.weights[2 * 5 + 0] = 2  // the coarse view: feature 5 means the "a" kind
        let factored = try FactoredClassifier(labels: groups[0], groups: groups, views: [fine, coarse])
        #expect(try FactoredClassifier(labels: groups[0], groups: [groups[0]], views: [fine]).predict([5]) == 2, "the fine view alone")
        #expect(factored.predict([5]) == 1, "the coarse view moves the choice to the a kind, and the fine view picks a2 within it")
        #expect(factored.views.map(\.weights) == [fine.weights, coarse.weights])
        #expect(throws: FactoredClassifier.Mismatch.self) { try FactoredClassifier(labels: groups[0], groups: groups, views: [fine, fine]) }

        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("f.model")
        let clusters = BigramClusters(["头痛": 3, "头疼": 3, "几天": 0])
        try LinearClassifierFile.write(factored.views, kind: "test", featureVersion: 1, notes: [:], bigramClusters: clusters, to: url)
        let contents = try LinearClassifierFile.readAll(contentsOf: url, kind: "test", featureVersion: 1, retrain: "")
        let views = contents.classifiers
        #expect(views.map(\.labels) == [groups[0], ["a", "b"]] && views.map(\.weights) == [fine.weights, coarse.weights])
        #expect(contents.bigramClusters == clusters)
        #expect { _ = try LinearClassifierFile.read(contentsOf: url, kind: "test", featureVersion: 1, retrain: "") } throws: {
            "\($0)".contains("holds 2 classifiers, not one")
        }
    }

    @Test("an act model file without the function and topic views, or without its bigram clusters, is refused with a clear error")
    func actViewsRequired() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(LearnedDialogueActs.fileName)
        let acts = LinearClassifier(labels: DialogueAct.allCases.map(\.rawValue), hashBits: 8)
        try LinearClassifierFile.write(acts, kind: LearnedDialogueActs.kind, featureVersion: ActFeatures.version, notes: [:], to: url)
        #expect { _ = try LearnedDialogueActs(contentsOf: url) } throws: { "\($0)".contains("holds no bigram clusters") }
        try LinearClassifierFile.write(
            [acts], kind: LearnedDialogueActs.kind, featureVersion: ActFeatures.version, notes: [:], bigramClusters: BigramClusters(), to: url)
        #expect { _ = try LearnedDialogueActs(contentsOf: url) } throws: { "\($0)".contains("not the acts, their functions and their topics") }
        #expect(DialogueAct.requestPrecautions.function == "Request" && DialogueAct.requestPrecautions.topic == "Precautions")
        #expect(DialogueAct.diagnose.function == "Diagnose" && DialogueAct.diagnose.topic == "Diagnose")
    }
}
