import Foundation
import Testing
import WenzhenCore
@testable import WenzhenWire

@Suite("Wire messages")
struct WireTests {
    @Test("a work header round-trips, with or without an error; unknown members are skipped")
    func workHeader() throws {
        for error: String? in [nil, "symptoms: \"引号\" 与换行\n"] {
            let message = WorkMessage(dialogue: "对话-1", stage: "symptoms", index: 2, revision: 7, error: error, document: Array("{}".utf8))
            #expect(try WorkMessage(frames: message.frames) == message)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(message.frames[0])) as? [String: Any])
            #expect(parsed["dialogue"] as? String == "对话-1" && parsed["index"] as? Int == 2 && parsed["error"] as? String == error)
        }
        let fromPython = #"{"stage": "dac", "index": 1, "revision": 3, "dialogue": "d", "error": null, "worker": {"pid": 12}}"#
        #expect(try WorkMessage(frames: [Array(fromPython.utf8), []]).header == WorkMessage.Header(dialogue: "d", stage: "dac", index: 1, revision: 3, error: nil))
    }

    @Test("a bad work header is a clear error", arguments: [
        (Array(#"{"dialogue": "d", "stage": "dac"}"#.utf8), "missing index, revision"),
        (Array(#"{"dialogue": "d", "stage": "dac", "index": "1", "revision": 1}"#.utf8), "index: expected Int"),
        (Array(#"{"dialogue": "d""#.utf8), "bad header"),
        ([0x7B, 0xFF, 0x7D], "invalid UTF-8"),
    ])
    func badWorkHeader(_ header: [UInt8], _ reason: String) {
        #expect { try WorkMessage(frames: [header, []]) } throws: { "\($0)".contains(reason) }
    }

    @Test("requests are read field by field; null is absent; wrong types and non-objects are named")
    func requests() throws {
        let turn = try IngestRequest(Array(#"{"kind": "turn", "dialogue": "d", "sentence_id": "3", "speaker": "患者", "sentence": "不\"烧\"了", "extra": [1]}"#.utf8), maxBytes: 1024)
        guard case let .turn(id, parsed) = turn else { Issue.record("\(turn)"); return }
        #expect(id == "d" && parsed == Turn(sentenceID: "3", speaker: .patient, sentence: "不\"烧\"了"))
        guard case let .show(_, withChanges) = try IngestRequest(Array(#"{"kind": "show", "dialogue": "d", "changes": true}"#.utf8), maxBytes: 1024) else {
            Issue.record("not a show")
            return
        }
        #expect(withChanges)
        guard case let .open(_, selfReport) = try IngestRequest(Array(#"{"kind": "open", "dialogue": "d", "self_report": null, "changes": null}"#.utf8), maxBytes: 1024) else {
            Issue.record("not an open")
            return
        }
        #expect(selfReport.isEmpty, "null stands for an absent member")
        let record = #"{"kind": "dialogue", "record": {"id": "x", "dialogue": [{"sentence_id": "1", "speaker": "医生", "sentence": "你好"}]}}"#
        guard case let .dialogue(dialogue) = try IngestRequest(Array(record.utf8), maxBytes: 1024) else { Issue.record("not a dialogue"); return }
        #expect(dialogue.id == "x" && dialogue.turns.count == 1)
        for (payload, reason) in [
            (#"["kind"]"#, "not a JSON object"), (#"{"kind": "show", "dialogue": "d", "changes": "yes"}"#, "changes: expected Bool"),
            (#"{"kind": "dialogue", "record": []}"#, "record must be an object"), (#"{"kind": "close"}"#, "close: missing field dialogue"),
        ] {
            #expect { try IngestRequest(Array(payload.utf8), maxBytes: 1024) } throws: { "\($0)".contains(reason) }
        }
    }

    @Test("every request a client writes is read back as itself")
    func requestRoundTrip() throws {
        let turn = Turn(sentenceID: "3", speaker: .patient, sentence: "有点\"咳嗽\"\n，没有流鼻涕")
        let requests: [IngestRequest] = [
            .open(id: "对话-1", selfReport: "孩子发烧两天"), .open(id: "d", selfReport: ""), .turn(id: "对话-1", turn), .close(id: "d"),
            .dialogue(Dialogue(id: "whole", selfReport: "咳嗽", turns: [turn])), .show(id: "d", withChanges: true),
            .show(id: "d", withChanges: false), .status,
        ]
        for request in requests {
            #expect(try IngestRequest(request.json, maxBytes: 1 << 20) == request)
            #expect(try JSONSerialization.jsonObject(with: Data(request.json)) is [String: Any], "plain JSON for any client")
        }
    }

    @Test("every kind of reply, written directly, decodes as what it was")
    func replies() throws {
        let change = AnnotationChange(revision: 2, kind: .dialogueStatus, sentenceID: nil, subject: "发热", previous: nil, value: "1")
        let replies = [
            IngestReply.accepted("对话", duplicate: true, revision: 4), .rejected("unknown dialogue \"x\""), IngestReply(ok: true, id: "d"),
            IngestReply(ok: true, id: "d", state: "open", document: #"{"dialogue": [], "note": "引号\"与\\n"}"#, changes: [change]),
            IngestReply(ok: true, status: PipelineStatus(
                uptimeSeconds: 2.5, stages: [.init(name: "ner", processed: 3, failed: 0, queued: 1, perSecond: 1.5, latencyP50Ms: 0.8, latencyP99Ms: nil)],
                accepted: 7, rejected: 1, deadLetters: 1, dialogues: ["pending": 1], storeFault: nil)),
        ]
        for reply in replies {
            #expect(try JSONDecoder().decode(IngestReply.self, from: Data(reply.bytes)) == reply)
        }
    }
}
